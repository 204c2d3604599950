package tdpsim.actors.mmu;

import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

/**
 * What a design does when KVM would zap: zap (and flush), split the huge leaf in place in one atomic step, or
 * avoid the zap entirely. A shared table whose devices cannot fault ({@code shared-prepopulated}) must never
 * leave a present range unmapped: with the KVM change "do not zap ranges exported to a non-faulting IOMMU"
 * ({@code tdpsim.kvm.skip-zap-exported}, on by default) MMU-notifier zaps and NX recovery are skipped and THP
 * splits are done in place; without it KVM zaps as it does today and DMA into the hole faults fatally. Dirty
 * logging is tracked with D bits there (no zap either way), and a memslot going away is always zapped.
 */
public final class ZapPlanner {
  /** The action for one zap request. */
  public enum Plan {
    ZAP,
    SPLIT_IN_PLACE,
    AVOID
  }

  private ZapPlanner() {}

  /** The plan with the default {@code skip-zap-exported = true}. */
  public static Plan plan(Mode mode, ZapCause cause) {
    return plan(mode, cause, true);
  }

  /**
   * @param skipZapExported the KVM change that keeps ranges exported to a non-faulting IOMMU mapped
   */
  public static Plan plan(Mode mode, ZapCause cause, boolean skipZapExported) {
    if (mode != Mode.SHARED_PREPOPULATED) {
      return Plan.ZAP;
    }
    if (cause == ZapCause.DIRTY_LOG) {
      return Plan.AVOID;
    }
    if (!skipZapExported) {
      return Plan.ZAP;
    }
    return switch (cause) {
      case THP_SPLIT -> Plan.SPLIT_IN_PLACE;
      case RECLAIM, MIGRATION, COMPACTION, THP_COLLAPSE, KSM, NX_RECOVERY -> Plan.AVOID;
      default -> Plan.ZAP;
    };
  }

  /**
   * True when the zap is KVM's leaf-only {@code tdp_mmu_zap_leafs} (MMU-notifier invalidations): table pages stay.
   * THP collapse frees the emptied tables (KVM's refault replaces the empty table by the huge leaf and frees it);
   * memslot zaps, zap-all and NX-huge-page recovery free table pages too.
   */
  public static boolean isLeafOnly(ZapCause cause) {
    return switch (cause) {
      case RECLAIM, MIGRATION, COMPACTION, THP_SPLIT, KSM -> true;
      default -> false;
    };
  }
}
