/**
 * Guest memory layout (memslots), the host frames behind it, and the invalidation sequence that keeps faults
 * and zaps from racing. Plain concurrent Java, no Pekko; shared by the vCPU, MMU, IOMMU and device actors.
 */
package tdpsim.actors.memory;
