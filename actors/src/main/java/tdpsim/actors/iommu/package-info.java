/** The IOMMU unit actor: page request queue, invalidation queue, drains. The hardware path is in tlb/table. */
package tdpsim.actors.iommu;
