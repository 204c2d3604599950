package tdpsim.actors.host;

import java.util.Objects;
import tdpsim.actors.memory.HostFrames;
import tdpsim.protocol.ZapCause;

/**
 * One scheduled event that changes what backs a VM's memory or makes KVM zap: at virtual time {@code timeNs},
 * {@code cause} over {@code [startGfn, endGfn)} of VM {@code vmIndex}.
 */
public record HostEventSpec(long timeNs, ZapCause cause, int vmIndex, long startGfn, long endGfn) {
  public HostEventSpec {
    Objects.requireNonNull(cause, "cause");
    if (endGfn <= startGfn) {
      throw new IllegalArgumentException("empty host event range");
    }
  }

  /** True for the causes that come through the MMU notifier (the host changes the backing pages). */
  public boolean isMmuNotifier() {
    return switch (cause) {
      case RECLAIM, MIGRATION, COMPACTION, THP_SPLIT, THP_COLLAPSE, KSM -> true;
      case MEMSLOT, DIRTY_LOG, DIRTY_LOG_STOP, NX_RECOVERY, AGING -> false;
    };
  }

  /** True for the causes that need the pages unpinned (they move or free them). */
  public boolean needsUnpinned() {
    return switch (cause) {
      case RECLAIM, MIGRATION, COMPACTION, THP_COLLAPSE, KSM -> true;
      default -> false;
    };
  }

  /**
   * The host's change of the backing pages, once every listener acknowledged invalidate_range_start: frees,
   * moves, splits or collapses them; KVM-side causes leave them where they are.
   */
  public void changeBacking(HostFrames frames) {
    switch (cause) {
      case RECLAIM -> frames.reclaim(startGfn, endGfn);
      case MIGRATION, COMPACTION, KSM -> frames.move(startGfn, endGfn);
      case THP_SPLIT -> frames.markSplit(startGfn, endGfn);
      case THP_COLLAPSE -> {
        frames.collapse(startGfn, endGfn);
        frames.clearSplit(startGfn, endGfn);
      }
      case MEMSLOT, DIRTY_LOG, DIRTY_LOG_STOP, NX_RECOVERY, AGING -> {
        // KVM-side zaps: the backing pages stay where they are.
      }
    }
  }
}
