/** Translation caches: the vCPU TLB and device TLB (private) and the IOMMU's domain-tagged IOTLB (shared). */
package tdpsim.actors.tlb;
