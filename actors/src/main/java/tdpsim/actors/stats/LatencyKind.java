package tdpsim.actors.stats;

/** The latency distributions reports show, in virtual nanoseconds. */
public enum LatencyKind {
  VCPU_FAULT("vcpuFault"),
  DEVICE_PAGE_REQUEST("devicePageRequest"),
  DMA("dma"),
  TLB_FLUSH("tlbFlush"),
  IOTLB_INVALIDATION("iotlbInvalidation"),
  DRAIN("drain"),
  INVALIDATION("invalidation"),
  /** Virtual time a reader (vCPU fault, device page request) or a writer waited for mmu_lock; > 0 only. */
  MMU_LOCK_WAIT("mmuLockWait");

  private final String reportName;

  LatencyKind(String reportName) {
    this.reportName = reportName;
  }

  public String reportName() {
    return reportName;
  }
}
