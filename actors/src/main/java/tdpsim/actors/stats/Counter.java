package tdpsim.actors.stats;

/**
 * Every counter an entity keeps, by its report name. The first nine are the report's headline counters, in
 * report order.
 */
public enum Counter {
  VCPU_FAULTS("vcpuFaults"),
  DEVICE_PAGE_REQUESTS("devicePageRequests"),
  DMA_FAULTS("dmaFaults"),
  ZAPS("zaps"),
  ZAPS_AVOIDED("zapsAvoided"),
  TLB_FLUSHES("tlbFlushes"),
  IOTLB_INVALIDATIONS("iotlbInvalidations"),
  DEVTLB_INVALIDATIONS("devtlbInvalidations"),
  DRAINS("drains"),
  VCPU_ACCESSES("vcpuAccesses"),
  TLB_HITS("tlbHits"),
  TLB_MISSES("tlbMisses"),
  SPURIOUS_FAULTS("spuriousFaults"),
  FAULT_RETRIES("faultRetries"),
  FAULT_CONFLICTS("faultConflicts"),
  MMIO_EXITS("mmioExits"),
  DMA_TRANSLATIONS("dmaTranslations"),
  DEVTLB_HITS("devtlbHits"),
  IOTLB_HITS("iotlbHits"),
  IOTLB_MISSES("iotlbMisses"),
  DMA_FAULTS_LEAF_TOO_LARGE("dmaFaultsLeafTooLarge"),
  DEVICES_STOPPED("devicesStopped"),
  PAGE_REQUEST_RETRIES("pageRequestRetries"),
  PRQ_OVERFLOWS("prqOverflows"),
  IOTLB_INVALIDATIONS_DOMAIN("iotlbInvalidationsDomainSelective"),
  DEVICE_FAULTS_HANDLED("deviceFaultsHandled"),
  HOST_EVENTS("hostEvents"),
  HOST_EVENTS_REFUSED_PINNED("hostEventsRefusedPinned"),
  /**
   * Entry-format hazards, by kind: each time a table a VT-d walker reads came to hold an entry that means
   * something else to it. mmioSpte: KVM's MMIO SPTE (W|X, R=0) that VT-d reads as writable-present; execOnly: an
   * X-only leaf (not present to VT-d); bit11Snp: a present entry with KVM's MMU-present bit 11, VT-d's SNP bit.
   */
  FORMAT_HAZARDS_MMIO_SPTE("formatHazards.mmioSpte"),
  FORMAT_HAZARDS_EXEC_ONLY("formatHazards.execOnly"),
  FORMAT_HAZARDS_BIT11_SNP("formatHazards.bit11Snp"),
  /** Device DMA that met a hazard entry and went through it: a write through an MMIO SPTE (the harm). */
  FORMAT_HAZARD_DMAS("formatHazardDmas"),
  /** rfc-tdp-fd: device page requests kvm_mmu_fault_exported_tdp failed (emulated MMIO gfn): fatal to the DMA. */
  EXPORTED_FAULTS_FAILED("exportedFaultsFailed"),
  /** rfc-tdp-fd: zap-all of a memslot change done as a synchronous leaf zap of the exported root (no root switch). */
  EXPORTED_ROOT_LEAF_ZAPS("exportedRootLeafZaps"),
  /** Pages of device buffers that cannot fault (pri-coverage below 1), pinned and pre-faulted at start. */
  PINNED_BUFFER_PAGES("pinnedBufferPages"),
  /** Devices a design refused to attach (rfc-tdp-fd: a device that cannot fault on every DMA path). */
  DEVICES_REFUSED("devicesRefused"),
  SPLITS_IN_PLACE("splitsInPlace"),
  PAGES_ZAPPED("pagesZapped"),
  TABLE_PAGES_FREED("tablePagesFreed"),
  HOST_PAGES_ALLOCATED("hostPagesAllocated"),
  PREFAULTED_PAGES("prefaultedPages"),
  PINNED_MAPPED_PAGES("pinnedMappedPages"),
  VM_START_NS("vmStartNs"),
  INVARIANT_VIOLATIONS("invariantViolations"),
  /** Huge leaves split for dirty logging (eagerly at start, or on the first write fault). */
  DIRTY_LOG_SPLITS("dirtyLogSplits"),
  /** IOTLB invalidations that dirty-logging splits cost in a shared table (one per split per IOMMU unit). */
  SPLIT_IOTLB_INVALIDATIONS("splitIotlbInvalidations"),
  /** Aging scans (clear_young) done. */
  AGING_SCANS("agingScans"),
  /** Pages an aging scan found accessed (A bit set) and cleared. */
  PAGES_SCANNED_YOUNG("pagesScannedYoung"),
  /** Pages an aging scan found not accessed since the last scan (or not mapped). */
  PAGES_SCANNED_OLD("pagesScannedOld"),
  /** PML buffer-full exits (one per 512 logged writes). */
  PML_FULL_EXITS("pmlFullExits"),
  /** KVM root switches: kvm_mmu_zap_all_fast on a memslot delete/move invalidated every root (new roots built). */
  ROOT_SWITCHES("rootSwitches"),
  /** IOMMU PASID/context entries rewritten for a new second-stage root (shared designs' root switch). */
  PASID_ENTRY_UPDATES("pasidEntryUpdates"),
  /** Single-context INVEPTs run by vCPUs for remote TLB flushes (each after the VM exit of the flush IPI). */
  INVEPTS("invepts"),
  /** vCPU faults and device page requests that waited for mmu_lock behind a writer. */
  MMU_LOCK_WAITS("mmuLockWaits"),
  /** Huge leaves rebuilt in place when dirty logging stopped (recover-in-place, Linux 6.13+). */
  HUGE_PAGES_RECOVERED("hugePagesRecovered"),
  /** Page group responses sent (one per page request group, however many requests it held). */
  PAGE_GROUP_RESPONSES("pageGroupResponses"),
  /** Page responses to requests received before a drain that completed without them (drain invariant). */
  RESPONSES_AFTER_DRAIN("responsesAfterDrain"),
  /**
   * Page requests raised before a completed drain's start in virtual time but that reached the unit after the
   * drain was handled (execution order inside a window), so the drain did not wait for them: a limit of the model.
   */
  DRAIN_LATE_REQUESTS("drainLateRequests"),
  /** Messages an entity handled (its own continuations included). */
  MESSAGES("messages");

  private final String reportName;

  Counter(String reportName) {
    this.reportName = reportName;
  }

  public String reportName() {
    return reportName;
  }
}
