/**
 * The remote flush that follows a change of the TDP table under its walkers: the vCPUs' TLBs
 * ({@code kvm_flush_remote_tlbs_range}) and, where a device walks the table, the IOMMU units' IOTLBs and device
 * TLBs, with the counting of their acknowledgements. Used by the TDP MMU (zap, dirty-log transitions) and by a
 * live migration (start of tracking, each harvest).
 */
package tdpsim.actors.flush;
