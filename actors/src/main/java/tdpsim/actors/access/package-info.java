/**
 * The per-access paths, as plain Java: a vCPU's access (TLB, TDP walk, fault, liveness check, virtual-time
 * charge) and a device's DMA translation (device TLB, IOTLB, IOMMU walk, page request or DMA fault). The vCPU
 * and device actors drive them from messages; the bench's sequential replay drives the very same objects in one
 * thread, so the baseline does exactly the simulator's work. No Pekko here (ArchitectureTest).
 */
package tdpsim.actors.access;
