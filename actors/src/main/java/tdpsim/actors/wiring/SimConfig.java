package tdpsim.actors.wiring;

import java.util.Objects;
import tdpsim.actors.cost.CostModel;
import tdpsim.protocol.Mode;

/**
 * Run-wide settings every actor of one machine sees: the design, the costs, time windows, the IOMMU's
 * capabilities and the self-test fault injection.
 *
 * @param windowNs virtual time between barriers; causality across entities is exact at window edges
 * @param iommuMaxLeafLevel largest leaf the IOMMU walker supports (2 = no 1 GiB leaves)
 * @param psiMaxPages page-selective IOTLB invalidations above this many pages become domain-selective
 * @param prqDepth page request queue depth per IOMMU unit
 * @param stopOnViolation stop the run at the first invariant violation
 * @param kvm KVM behaviours that differ between kernel versions or that a design needs ({@code tdpsim.kvm})
 * @param dirtyLog how KVM turns dirty logging on and off for the dirty-log / dirty-log-stop events
 */
public record SimConfig(
    Mode mode,
    CostModel costs,
    long durationNs,
    long windowNs,
    int iommuMaxLeafLevel,
    int psiMaxPages,
    int prqDepth,
    boolean stopOnViolation,
    FaultInjection faultInjection,
    Kvm kvm,
    DirtyLogPolicy dirtyLog) {

  /**
   * {@code tdpsim.kvm}.
   *
   * @param slotZapAll {@code KVM_X86_QUIRK_SLOT_ZAP_ALL}: a memslot delete/move runs {@code kvm_mmu_zap_all_fast}
   *     (every root invalidated, the whole VM zapped, new roots); false (6.12+ with the quirk disabled): only the
   *     slot's range is zapped
   * @param skipZapExported the KVM change a pre-populated shared table needs: MMU-notifier zaps (and NX recovery)
   *     of ranges exported to an IOMMU whose devices cannot fault are not done (counted in zapsAvoided); applies
   *     to {@code shared-prepopulated} only
   */
  public record Kvm(boolean slotZapAll, boolean skipZapExported) {
    /** The defaults of reference.conf. */
    public static final Kvm DEFAULTS = new Kvm(true, true);
  }

  /** A config with the default {@link Kvm} settings. */
  public SimConfig(Mode mode, CostModel costs, long durationNs, long windowNs, int iommuMaxLeafLevel,
      int psiMaxPages, int prqDepth, boolean stopOnViolation, FaultInjection faultInjection) {
    this(mode, costs, durationNs, windowNs, iommuMaxLeafLevel, psiMaxPages, prqDepth, stopOnViolation,
        faultInjection, Kvm.DEFAULTS);
  }

  /** A config with the given {@link Kvm} settings and KVM's default dirty-logging policy. */
  public SimConfig(Mode mode, CostModel costs, long durationNs, long windowNs, int iommuMaxLeafLevel,
      int psiMaxPages, int prqDepth, boolean stopOnViolation, FaultInjection faultInjection, Kvm kvm) {
    this(mode, costs, durationNs, windowNs, iommuMaxLeafLevel, psiMaxPages, prqDepth, stopOnViolation,
        faultInjection, kvm, DirtyLogPolicy.defaults());
  }

  /** Deliberate bugs, for proving that the invariant checks fire. Never set by a normal run. */
  public enum FaultInjection {
    NONE,
    /** Zap without invalidating the IOTLB and device TLBs (a shared table's classic bug). */
    SKIP_IOTLB_INVALIDATION,
    /** Zap without the remote TLB flush. */
    SKIP_TLB_FLUSH,
    /** A device acknowledges a device-TLB (ATS) invalidation without dropping the translations. */
    SKIP_DEVTLB_FLUSH,
    /** A page-request drain completes at once instead of waiting for the requests received before it. */
    SKIP_DRAIN_WAIT
  }

  public SimConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(costs, "costs");
    Objects.requireNonNull(faultInjection, "faultInjection");
    Objects.requireNonNull(kvm, "kvm");
    Objects.requireNonNull(dirtyLog, "dirtyLog");
    if (durationNs <= 0 || windowNs <= 0) {
      throw new IllegalArgumentException("duration and window must be positive");
    }
    if (iommuMaxLeafLevel < 1 || iommuMaxLeafLevel > 3) {
      throw new IllegalArgumentException("iommu max leaf level must be 1..3: " + iommuMaxLeafLevel);
    }
  }
}
