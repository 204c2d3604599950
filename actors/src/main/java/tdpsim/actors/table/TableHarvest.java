package tdpsim.actors.table;

import java.util.Arrays;

/**
 * The A/D harvest of one {@link SharedPageTable}: KVM's {@code clear_dirty_gfn_range} and the aging walks
 * ({@code age_gfn_range}), a loop over a {@link TdpIterator} that tests, and optionally clears with CAS, one flag
 * on every leaf touching a range and marks the pages in a bitmap. The contract is on
 * {@link SharedPageTable#harvest}.
 */
final class TableHarvest {
  private final SharedPageTable table;

  TableHarvest(SharedPageTable table) {
    this.table = table;
  }

  HarvestResult harvest(long startGfn, long endGfn, long[] bitmap, boolean clear, long flag) {
    SharedPageTable.checkRange(startGfn, endGfn);
    if (flag != Spte.DIRTY && flag != Spte.ACCESSED) {
      throw new IllegalArgumentException("harvest reads Spte.DIRTY or Spte.ACCESSED, not 0x" + Long.toHexString(flag));
    }
    long end = Math.min(endGfn, table.gfnLimit());
    if ((long) bitmap.length * 64 < endGfn - startGfn) {
      throw new IllegalArgumentException("bitmap of " + bitmap.length + " words is too small for "
          + (endGfn - startGfn) + " pages");
    }
    if (startGfn >= end) {
      return HarvestResult.NOTHING;
    }
    LockStripes stripes = table.stripes();
    stripes.lockShared(startGfn, end);
    try {
      return harvestLocked(startGfn, end, bitmap, clear, flag);
    } finally {
      stripes.unlockShared(startGfn, end);
    }
  }

  /**
   * Two loops, not one testing {@code clear}: with the CAS of the clearing loop in the same compiled method, C2
   * kept the iterator of a report-only harvest (clear false, the CAS never run) on the heap (168 bytes per call
   * instead of 72, measured with ThreadMXBean.getThreadAllocatedBytes), and each step stored and reloaded its
   * fields. The two loops differ only in that CAS.
   */
  private HarvestResult harvestLocked(long s, long e, long[] bitmap, boolean clear, long flag) {
    return clear ? clearLocked(s, e, bitmap, flag) : reportLocked(s, e, bitmap, flag);
  }

  /** Reports the leaves carrying {@code flag}; changes nothing. */
  private HarvestResult reportLocked(long s, long e, long[] bitmap, long flag) {
    long marked = 0;
    long scanned = 0;
    TdpIterator it = new TdpIterator(table.pool(), table.rootPage(), table.levels(), 1, s, e);
    for (; it.isValid(); it.next()) {
      for (long spte = it.spte(); ; spte = it.spte()) {
        scanned++;
        if (Spte.isFrozen(spte)) {
          Thread.onSpinWait();
          it.reread();
          continue;
        }
        if (!Spte.isShadowPresent(spte) || !Spte.isLeaf(spte, it.level()) || (spte & flag) == 0) {
          break;
        }
        long base = it.gfn();
        long lo = Math.max(base, s);
        long hi = Math.min(base + it.span(), e);
        setBits(bitmap, lo - s, hi - s);
        marked += hi - lo;
        break;
      }
    }
    return new HarvestResult(marked, scanned);
  }

  /** Reports the leaves carrying {@code flag} and clears it, with a CAS, on those wholly inside the range. */
  private HarvestResult clearLocked(long s, long e, long[] bitmap, long flag) {
    long marked = 0;
    long scanned = 0;
    TdpIterator it = new TdpIterator(table.pool(), table.rootPage(), table.levels(), 1, s, e);
    for (; it.isValid(); it.next()) {
      for (long spte = it.spte(); ; spte = it.spte()) {
        scanned++;
        if (Spte.isFrozen(spte)) {
          Thread.onSpinWait();
          it.reread();
          continue;
        }
        if (!Spte.isShadowPresent(spte) || !Spte.isLeaf(spte, it.level()) || (spte & flag) == 0) {
          break;
        }
        long base = it.gfn();
        long span = it.span();
        // a huge leaf sticking out of the range is reported, not cleared: its pages outside would lose the flag
        boolean inside = base >= s && base + span <= e;
        if (inside && !it.setSpteAtomic(spte & ~flag)) {
          continue;
        }
        long lo = Math.max(base, s);
        long hi = Math.min(base + span, e);
        setBits(bitmap, lo - s, hi - s);
        marked += hi - lo;
        break;
      }
    }
    return new HarvestResult(marked, scanned);
  }

  private static void setBits(long[] bitmap, long from, long to) {
    if (to - from == 1) {
      bitmap[(int) (from >>> 6)] |= 1L << from;
      return;
    }
    int fw = (int) (from >>> 6);
    int lw = (int) ((to - 1) >>> 6);
    long firstMask = -1L << from;
    long lastMask = -1L >>> -to;
    if (fw == lw) {
      bitmap[fw] |= firstMask & lastMask;
      return;
    }
    bitmap[fw] |= firstMask;
    Arrays.fill(bitmap, fw + 1, lw, -1L);
    bitmap[lw] |= lastMask;
  }
}
