package tdpsim.actors.trace;

import java.util.Locale;

/**
 * The events a {@link Tracer} receives, named after the tracepoints a KVM or IOMMU engineer knows, with the names
 * of the three numeric fields and the text field each event carries ({@code null} where unused).
 */
public enum TraceKind {
  /** A TDP fault handled (kvm_mmu_spte_requested / kvm_page_fault): gfn, goal level, 1 when an SPTE was set. */
  FAULT("gfn", "level", "installed", "outcome"),
  /** A leaf SPTE installed by a fault (kvm_tdp_mmu_spte_changed): gfn, level. */
  SPTE_CHANGE("gfn", "level", null, null),
  /** A leaf-range zap (kvm_tdp_mmu_zap_leafs): start and end gfn, 4 KiB pages unmapped; the cause. */
  ZAP("startGfn", "endGfn", "pages", "cause"),
  /** A remote TLB flush (kvm_flush_remote_tlbs): start and end gfn, vCPUs flushed. */
  TLB_FLUSH("startGfn", "endGfn", "vcpus", null),
  /** An IOTLB invalidation (qi_flush_piotlb): start and end gfn; granularity page or domain. */
  IOTLB_INVALIDATION("startGfn", "endGfn", null, "granularity"),
  /** A device-TLB invalidation (qi_flush_dev_iotlb): start and end gfn, device; granularity. */
  DEVTLB_INVALIDATION("startGfn", "endGfn", "device", "granularity"),
  /** A page request received by the IOMMU (prq_event_thread): gfn, request id. */
  PAGE_REQUEST("gfn", "requestId", null, null),
  /** A page response sent to the device (intel_iommu_page_response): gfn, request id; result. */
  PAGE_RESPONSE("gfn", "requestId", null, "result"),
  /** A page-request drain before an invalidation completes (intel_drain_pasid_prq): drain horizon. */
  DRAIN("horizon", null, null, null),
  /** Dirty pages harvested for a migration round (kvm_vm_ioctl_get_dirty_log / clear): round, pages; phase. */
  DIRTY_HARVEST("round", "pages", null, "phase"),
  /**
   * Every root invalidated and the VM reloading a new one (kvm_mmu_zap_all_fast, kvm_mmu_load): old and new
   * root frame (equal while the model reuses the root page); the cause.
   */
  ROOT_SWITCH("oldRoot", "newRoot", null, "cause");

  private final String wireName;
  private final String a;
  private final String b;
  private final String c;
  private final String detail;

  TraceKind(String a, String b, String c, String detail) {
    this.wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');
    this.a = a;
    this.b = b;
    this.c = c;
    this.detail = detail;
  }

  /** The name in a trace line and in {@code --trace-filter}: {@code fault}, {@code iotlb-invalidation}, ... */
  public String wireName() {
    return wireName;
  }

  /** Field names of the numeric fields a, b, c and of the text field; null where the event has none. */
  public String fieldA() {
    return a;
  }

  public String fieldB() {
    return b;
  }

  public String fieldC() {
    return c;
  }

  public String fieldDetail() {
    return detail;
  }
}
