/** The assigned-device actor: DMA through device TLB, IOTLB and walk; PRI page requests or fatal DMA faults. */
package tdpsim.actors.device;
