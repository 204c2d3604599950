package tdpsim.actors.cost;

/**
 * Every cost key of {@code tdpsim.cost}, by its reference.conf name. The first 25 are the components of
 * {@link CostModel} in order; the rest are the service times of the queues (invalidation queue, page-request IRQ
 * thread and workqueue), which only have a distribution.
 */
public enum CostKey {
  TLB_HIT("tlb-hit"),
  TDP_WALK("tdp-walk"),
  VM_EXIT("vm-exit"),
  TDP_FAULT("tdp-fault"),
  PAGE_ALLOC_4K("page-alloc-4k"),
  PAGE_ALLOC_2M("page-alloc-2m"),
  PAGE_ALLOC_1G("page-alloc-1g"),
  REMOTE_TLB_FLUSH("remote-tlb-flush"),
  REMOTE_TLB_FLUSH_PER_VCPU("remote-tlb-flush-per-vcpu"),
  IOTLB_INVALIDATE_PSI("iotlb-invalidate-psi"),
  IOTLB_INVALIDATE_DSI("iotlb-invalidate-dsi"),
  DEVTLB_INVALIDATE("devtlb-invalidate"),
  IOMMU_WALK("iommu-walk"),
  PRI_REQUEST("pri-request"),
  PRI_RESPONSE("pri-response"),
  DRAIN("drain"),
  PIN_MAP_4K("pin-map-4k"),
  PREFAULT_4K("prefault-4k"),
  HARVEST_PER_ENTRY("harvest-per-entry"),
  MMU_NOTIFIER("mmu-notifier"),
  ZAP_PER_LEAF("zap-per-leaf"),
  SPLIT("split"),
  INVEPT("invept"),
  PASID_ENTRY_UPDATE("pasid-entry-update"),
  DIRTY_LOG_CLEAR_PER_PAGE("dirty-log-clear-per-page"),
  PRQ_IRQ("prq-irq"),
  PRQ_WORK("prq-work");

  /** Keys with a CostModel component of their own (the first 25). */
  public static final int MODEL_COMPONENTS = 25;

  private final String configName;

  CostKey(String configName) {
    this.configName = configName;
  }

  /** The key under {@code tdpsim.cost}. */
  public String configName() {
    return configName;
  }
}
