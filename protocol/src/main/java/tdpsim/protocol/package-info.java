/**
 * The message vocabulary of the simulated machine, one namespace interface per actor protocol, and nothing
 * else (no behaviour). Who sends what to whom:
 *
 * <pre>
 *   window barrier --RunWindow--> Vcpu, AssignedDevice, HostMemory, Migration; each arrives at the barrier at
 *                  the window's end (a counter, not a message); the last arrival starts the next window
 *   Vcpu: EPT violation handled in vCPU context (no message)
 *   AssignedDevice --PageRequest--> Iommu --Fault--> TdpMmu (shared) --FaultResolved--> Iommu
 *                  <--PageResponse--
 *   HostMemory --Invalidate (MMU notifier)--> TdpMmu: zap
 *        TdpMmu --FlushTlb--> Vcpu --TlbFlushed--> TdpMmu
 *        TdpMmu --InvalidateIotlb--> Iommu --InvalidateDevTlb--> AssignedDevice --DevTlbInvalidated--> Iommu
 *               --IotlbInvalidated--> TdpMmu --InvalidateDone--> HostMemory
 *   memslot delete/move with zap-all, shared table: TdpMmu --SwitchRoot--> Iommu (PASID entry, DSI, full
 *        device-TLB invalidation, drain of page requests) --IotlbInvalidated--> TdpMmu
 *   Migration --FlushTlb/InvalidateIotlb--> (after each harvest); --Pause/Quiesce--> Vcpu/AssignedDevice
 * </pre>
 *
 * Every message implements {@link tdpsim.protocol.SimMessage} and crosses nodes through the Kryo serializer
 * with a fixed id from {@code serialization.ProtocolRegistry}.
 */
package tdpsim.protocol;
