package tdpsim.main.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every counter a report can carry, with its unit, a one-line meaning and the kernel name closest to it: the one
 * place that says what a counter is. The HTML report takes its labels and tooltips from here, the tidy
 * {@code results.csv} its units, and {@code docs/report-format.md} its counter table (checked by
 * {@code CounterCatalogueTest}, which also fails when a counter of {@code tdpsim.actors.stats.Counter} has no entry).
 */
public final class CounterCatalogue {

  /**
   * One counter.
   *
   * @param name the report name ({@code counters.<name>})
   * @param label a short human label for tables and charts
   * @param unit what one count is: {@code events}, {@code pages}, {@code ns}, ...
   * @param meaning one line saying what is counted
   * @param kernel the closest Linux/KVM/VT-d name (stat, tracepoint, function or spec term), or empty
   */
  public record Entry(String name, String label, String unit, String meaning, String kernel) {}

  private static final List<Entry> ENTRIES =
      List.of(
          e("vcpuFaults", "vCPU faults", "faults",
              "TDP (EPT/NPT) violations taken by vCPUs and resolved by the TDP MMU",
              "kvm_tdp_mmu_map / vcpu stat pf_taken"),
          e("devicePageRequests", "Device page requests", "requests",
              "ATS/PRI page requests from devices, resolved by the IOMMU's fault path (IOPF designs)",
              "VT-d page request descriptor; prq_event_thread"),
          e("dmaFaults", "DMA faults", "faults",
              "DMA that hit a non-present or non-writable IOMMU entry and could not be recovered",
              "VT-d fault recording (DMAR fault)"),
          e("zaps", "Zaps", "zaps", "leaf-range zaps performed (by cause in zapsByCause)",
              "kvm_tdp_mmu_zap_leafs"),
          e("zapsAvoided", "Zaps avoided", "zaps",
              "zaps the design must not or need not do (split in place, NX recovery or write-protect skipped)",
              ""),
          e("tlbFlushes", "Remote TLB flushes", "flushes", "remote CPU TLB flushes after a zap or protection change",
              "kvm_flush_remote_tlbs / vm stat remote_tlb_flush"),
          e("iotlbInvalidations", "IOTLB invalidations", "invalidations",
              "IOMMU IOTLB invalidations (page-selective)", "qi_flush_piotlb / iommu_iotlb_sync"),
          e("devtlbInvalidations", "devTLB invalidations", "invalidations",
              "device-TLB (ATS) invalidations", "qi_flush_dev_iotlb_pasid"),
          e("drains", "Page-request drains", "drains",
              "page-request drains: at an IOMMU root switch only (PASID teardown is not modelled)",
              "intel_drain_pasid_prq"),
          e("vcpuAccesses", "vCPU accesses", "accesses", "guest memory accesses the vCPUs made", ""),
          e("tlbHits", "TLB hits", "accesses", "vCPU accesses translated by the simulated CPU TLB", ""),
          e("tlbMisses", "TLB misses", "accesses", "vCPU accesses that walked the TDP table", ""),
          e("spuriousFaults", "Spurious faults", "faults",
              "faults found already fixed by another vCPU or device when handled", "vcpu stat pf_spurious"),
          e("faultRetries", "Fault retries", "faults",
              "faults retried because the SPTE changed under the handler (cmpxchg lost)", "RET_PF_RETRY"),
          e("faultConflicts", "Fault conflicts", "faults",
              "faults that met a frozen SPTE or a concurrent change of the same entry", "FROZEN_SPTE"),
          e("mmioExits", "MMIO exits", "exits", "accesses to MMIO ranges that exit to the VMM",
              "vcpu stat mmio_exits"),
          e("dmaTranslations", "DMA translations", "translations", "DMA accesses the devices made", ""),
          e("devtlbHits", "devTLB hits", "translations", "DMA translated by the device's ATC", ""),
          e("iotlbHits", "IOTLB hits", "translations", "DMA translated by the IOMMU's IOTLB", ""),
          e("iotlbMisses", "IOTLB misses", "translations", "DMA that walked the IOMMU table", ""),
          e("dmaFaultsLeafTooLarge", "DMA faults, leaf too large", "faults",
              "DMA faults because the IOMMU cannot use a leaf of that size", "VT-d SLPS capability"),
          e("devicesStopped", "Devices stopped", "devices",
              "devices stopped by an unrecoverable DMA fault", ""),
          e("pageRequestRetries", "Page-request retries", "requests",
              "page requests answered with a retry and sent again", "PRG response code"),
          e("prqOverflows", "PRQ overflows", "requests", "page requests dropped because the queue was full",
              "DMA_PRS_PRO"),
          e("iotlbInvalidationsDomainSelective", "Domain-selective IOTLB invalidations", "invalidations",
              "IOTLB invalidations of a whole domain instead of a range", "QI_IOTLB_GRAN(DMA_TLB_DSI_FLUSH)"),
          e("deviceFaultsHandled", "Device faults handled", "faults",
              "device page faults the host resolved (page requests that mapped a page)", "iommu_report_device_fault"),
          e("hostEvents", "Host events", "events",
              "host memory-management events (reclaim, migration, compaction, THP, KSM)",
              "mmu_notifier_invalidate_range_start"),
          e("hostEventsRefusedPinned", "Host events refused (pinned)", "events",
              "host events that could not act because the memory is pinned for DMA", "FOLL_PIN / page_maybe_dma_pinned"),
          e("splitsInPlace", "Splits in place", "splits",
              "huge leaves split into a child table without zapping (break-before-make avoided)",
              "tdp_mmu_split_huge_page"),
          e("pagesZapped", "Pages zapped", "pages", "4 KiB pages whose leaf a zap removed", ""),
          e("tablePagesFreed", "Table pages freed", "pages", "page-table pages freed after zaps",
              "tdp_mmu_free_sp_rcu_callback"),
          e("hostPagesAllocated", "Host pages allocated", "pages", "4 KiB host pages allocated on fault", ""),
          e("prefaultedPages", "Pages pre-faulted", "pages", "pages mapped before the guest ran",
              "KVM_PRE_FAULT_MEMORY"),
          e("pinnedMappedPages", "Pages pinned and mapped", "pages",
              "pages pinned and mapped in the IOMMU at start (VFIO map)", "VFIO_IOMMU_MAP_DMA"),
          e("vmStartNs", "VM start time", "ns", "virtual time spent before the guest ran (pinning, pre-faulting)",
              ""),
          e("invariantViolations", "Invariant violations", "violations",
              "invariant violations the checks found (see invariantViolations)", ""),
          e("dirtyLogSplits", "Dirty-log splits", "splits",
              "huge leaves split for dirty logging (eagerly, or on the first write fault)",
              "kvm_mmu_try_split_huge_pages"),
          e("splitIotlbInvalidations", "IOTLB invalidations for splits", "invalidations",
              "IOTLB invalidations that dirty-logging splits cost in a shared table", ""),
          e("agingScans", "Aging scans", "scans", "aging scans (clear young) done", "kvm_mmu_notifier_clear_young"),
          e("pagesScannedYoung", "Pages found young", "pages", "pages an aging scan found accessed and cleared",
              "kvm_tdp_mmu_age_gfn_range"),
          e("pagesScannedOld", "Pages found old", "pages",
              "pages an aging scan found not accessed since the last scan", ""),
          e("pmlFullExits", "PML-full exits", "exits", "page-modification-log buffer-full exits (one per 512 writes)",
              "EXIT_REASON_PML_FULL"),
          e("rootSwitches", "Root switches", "switches",
              "TDP roots invalidated and rebuilt (memslot delete or move)", "kvm_mmu_zap_all_fast"),
          e("pasidEntryUpdates", "PASID entry updates", "updates",
              "IOMMU PASID/context entries rewritten for a new second-stage root (shared designs' root switch)",
              "intel_pasid_setup_second_level"),
          e("invepts", "INVEPTs", "invalidations", "single-context INVEPTs vCPUs ran for remote TLB flushes",
              "INVEPT (single-context)"),
          e("mmuLockWaits", "mmu_lock waits", "waits",
              "vCPU faults and device page requests that waited for mmu_lock behind a writer", "kvm->mmu_lock"),
          e("hugePagesRecovered", "Huge pages recovered", "pages",
              "huge leaves rebuilt after dirty logging stopped", "kvm_mmu_recover_huge_pages"),
          e("pageGroupResponses", "Page group responses", "responses",
              "page request group responses sent to devices (one per group, after its last request)",
              "PRG response (Page Request Group)"),
          e("responsesAfterDrain", "Responses after drain", "responses",
              "page responses to requests received before a drain that completed without them (drain invariant)",
              ""),
          e("drainLateRequests", "Requests late for a drain", "requests",
              "page requests raised before a completed drain's start that reached the unit after it, in the "
              + "same window, so the drain did not wait for them (a limit of the model, not of the design)",
              "intel_iommu_drain_pasid_prq"),
          e("formatHazards.mmioSpte", "Hazard: MMIO SPTEs", "entries",
              "MMIO SPTEs (W and X set, R clear) installed in a table a VT-d walker reads: writable-present to it",
              "VMX_EPT_MISCONFIG_WX_VALUE"),
          e("formatHazards.execOnly", "Hazard: exec-only leaves", "entries",
              "X-only leaves in a table a VT-d walker reads (not present to it); tdpsim installs none", ""),
          e("formatHazards.bit11Snp", "Hazard: bit 11 as SNP", "entries",
              "present leaves with KVM's MMU-present bit 11, VT-d's SNP bit (the 2023 RFC moved it to 59)",
              "SPTE_MMU_PRESENT_MASK"),
          e("formatHazardDmas", "DMA through MMIO SPTEs", "translations",
              "device writes that went through an MMIO SPTE read as writable-present (the harm)", ""),
          e("exportedFaultsFailed", "Exported-TDP faults failed", "requests",
              "rfc-tdp-fd page requests refused for emulated-MMIO gfns: fatal to the DMA",
              "kvm_mmu_fault_exported_tdp"),
          e("exportedRootLeafZaps", "Exported-root leaf zaps", "zaps",
              "rfc-tdp-fd zap-alls done as a leaf zap of the never-invalidated exported root",
              "kvm_mmu_zap_all_fast (RFC p35, p36)"),
          e("pinnedBufferPages", "Pinned buffer pages", "pages",
              "device buffer pages that cannot fault (pri-coverage below 1), pinned and pre-faulted at start", ""),
          e("devicesRefused", "Devices refused", "devices",
              "devices a design did not attach (rfc-tdp-fd: a device that cannot fault on every DMA path)", ""),
          e("messages", "Messages", "messages", "actor messages the entities handled", ""));

  private static final Map<String, Entry> BY_NAME = index();

  private CounterCatalogue() {}

  private static Entry e(String name, String label, String unit, String meaning, String kernel) {
    return new Entry(name, label, unit, meaning, kernel);
  }

  private static Map<String, Entry> index() {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Entry entry : ENTRIES) {
      if (out.put(entry.name(), entry) != null) {
        throw new ExceptionInInitializerError("duplicate counter " + entry.name());
      }
    }
    return out;
  }

  /** Every entry, headline counters first. */
  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** The entry of {@code name}, or null when the catalogue has none. */
  public static Entry find(String name) {
    return BY_NAME.get(name);
  }

  /** The unit of {@code name}, {@code count} when the catalogue does not know it. */
  public static String unit(String name) {
    Entry entry = BY_NAME.get(name);
    return entry == null ? "count" : entry.unit();
  }

  /** The catalogue as the Markdown table {@code docs/report-format.md} carries, lines ending in {@code \n}. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Name | Unit | Meaning | Kernel analogue |\n|---|---|---|---|\n");
    for (Entry entry : ENTRIES) {
      sb.append("| `").append(entry.name()).append("` | ").append(entry.unit()).append(" | ")
          .append(entry.meaning()).append(" | ")
          .append(entry.kernel().isEmpty() ? "" : "`" + entry.kernel() + "`").append(" |\n");
    }
    return sb.toString();
  }
}
