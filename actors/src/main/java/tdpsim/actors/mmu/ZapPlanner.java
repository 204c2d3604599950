package tdpsim.actors.mmu;

import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

/**
 * What a design does when KVM would zap: zap (and flush), split the huge leaf in place in one atomic step, or
 * avoid the zap entirely. A shared table whose devices cannot fault ({@code shared-prepopulated}) must never
 * leave a present range unmapped, so KVM has to split in place instead of zap-and-refault, skip NX-huge-page
 * recovery, and track dirty pages with D bits instead of write-protection; only a memslot going away is zapped.
 */
public final class ZapPlanner {
  /** The action for one zap request. */
  public enum Plan {
    ZAP,
    SPLIT_IN_PLACE,
    AVOID
  }

  private ZapPlanner() {}

  public static Plan plan(Mode mode, ZapCause cause) {
    if (mode != Mode.SHARED_PREPOPULATED) {
      return Plan.ZAP;
    }
    return switch (cause) {
      case THP_SPLIT -> Plan.SPLIT_IN_PLACE;
      case NX_RECOVERY, DIRTY_LOG -> Plan.AVOID;
      default -> Plan.ZAP;
    };
  }
}
