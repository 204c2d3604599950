package tdpsim.actors.stats;

/** The latency distributions reports show, in virtual nanoseconds. */
public enum LatencyKind {
  /**
   * An EPT violation from its first exit to its resolution: every attempt that retried behind an invalidation
   * in progress (with any mmu_lock wait), then the one that resolved it.
   */
  VCPU_FAULT("vcpuFault"),
  DEVICE_PAGE_REQUEST("devicePageRequest"),
  DMA("dma"),
  TLB_FLUSH("tlbFlush"),
  IOTLB_INVALIDATION("iotlbInvalidation"),
  DRAIN("drain"),
  INVALIDATION("invalidation"),
  /** Virtual time a reader (vCPU fault, device page request) or a writer waited for mmu_lock; > 0 only. */
  MMU_LOCK_WAIT("mmuLockWait"),
  /** Waiting for the IOMMU unit's invalidation queue (qi_submit_sync spins until its wait descriptor is done). */
  IOMMU_QI_WAIT("iommuQiWait"),
  /** A page request waiting for the IOMMU's page-request IRQ thread. */
  PRQ_IRQ_WAIT("prqIrqWait"),
  /** A page request waiting for a worker of the page-request workqueue. */
  PRQ_WORKQUEUE_WAIT("prqWorkqueueWait"),
  /** An allocation waiting for the host's memory zeroing bandwidth. */
  ZEROING_WAIT("zeroingWait");

  private final String reportName;

  LatencyKind(String reportName) {
    this.reportName = reportName;
  }

  public String reportName() {
    return reportName;
  }
}
