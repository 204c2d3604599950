/**
 * Device DMA workloads: the guest pages an assigned device reads and writes, and at what virtual rate. Devices
 * address guest memory by gpa (IOVA = GPA under a passthrough second stage), so the pages are gfns as for vCPUs.
 */
package tdpsim.loadgen.dma;
