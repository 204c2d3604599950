/** The simulated machine: actors per vCPU, TDP MMU, IOMMU, device, host memory, and the shared table. */
package tdpsim.actors;
