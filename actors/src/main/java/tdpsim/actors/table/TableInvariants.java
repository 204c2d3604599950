package tdpsim.actors.table;

import java.util.BitSet;

/**
 * Self-check of a table at rest (no operation in flight): walks every page reachable from the root and
 * compares with the footprint counters, the check behind the design's "footprint equals reachable pages"
 * invariant. Used after every table test and by the simulator's verify mode.
 */
public final class TableInvariants {
  private TableInvariants() {}

  /**
   * Checks that per-level reachable page counts equal the counters; every non-leaf points at a frame the pool
   * handed out and has not taken back; no page is reachable twice; no leaf sits above {@code maxLeafLevel} or
   * above level 3; leaf pfns are aligned to their size; no frozen entry remains; pending free is not negative.
   *
   * @throws AssertionError describing the first violation
   */
  public static void check(SharedPageTable table) {
    int levels = table.levels();
    long[] counted = new long[levels + 1];
    BitSet seen = new BitSet();
    BitSet free = table.pool().freeFrames();
    int limit = table.pool().frameLimit();
    checkFrame(table.rootFrame(), levels, 0, seen, free, limit);
    counted[levels]++;
    TdpIterator it = new TdpIterator(table.pool(), table.rootPage(), levels, 1, 0, table.gfnLimit());
    for (; it.isValid(); it.next()) {
      long spte = it.spte();
      int level = it.level();
      long gfn = it.gfn();
      if (Spte.isFrozen(spte)) {
        throw new AssertionError("frozen entry left at rest: level " + level + ", gfn 0x" + Long.toHexString(gfn));
      }
      if (!Spte.isShadowPresent(spte)) {
        if (Spte.isMmio(spte) && level != 1) {
          throw new AssertionError("MMIO entry above level 1 at gfn 0x" + Long.toHexString(gfn));
        }
      } else if (Spte.isLeaf(spte, level)) {
        if (level > 3 || level > table.maxLeafLevel()) {
          throw new AssertionError("leaf at level " + level + " (max leaf level " + table.maxLeafLevel()
              + ") at gfn 0x" + Long.toHexString(gfn));
        }
        if ((Spte.toPfn(spte) & (it.span() - 1)) != 0) {
          throw new AssertionError("level-" + level + " leaf at gfn 0x" + Long.toHexString(gfn)
              + " has unaligned pfn 0x" + Long.toHexString(Spte.toPfn(spte)));
        }
      } else {
        if (level == 1) {
          throw new AssertionError("non-leaf at level 1, gfn 0x" + Long.toHexString(gfn));
        }
        // checked before the walk steps down into it
        checkFrame((int) Spte.toPfn(spte), level - 1, gfn, seen, free, limit);
        counted[level - 1]++;
      }
    }
    long[] counters = table.pagesByLevel();
    for (int l = 1; l <= levels; l++) {
      if (counted[l] != counters[l]) {
        throw new AssertionError("level " + l + ": " + counted[l] + " table pages reachable but the counter says "
            + counters[l] + " (reachable by level " + java.util.Arrays.toString(counted) + ", counters "
            + java.util.Arrays.toString(counters) + ")");
      }
    }
    if (table.pendingFreePages() < 0) {
      throw new AssertionError("pending free pages negative: " + table.pendingFreePages());
    }
  }

  /**
   * Present leaves per level (index = level) reachable from the root: how the table maps guest memory, e.g. to
   * show that a pre-faulted 4 KiB-backed VM is mapped by level-1 leaves only. A table at rest, as for
   * {@link #check}; allocates nothing per page.
   */
  public static long[] leafsByLevel(SharedPageTable table) {
    long[] leafs = new long[table.levels() + 1];
    TdpIterator it = new TdpIterator(table.pool(), table.rootPage(), table.levels(), 1, 0, table.gfnLimit());
    for (; it.isValid(); it.next()) {
      if (Spte.isShadowPresent(it.spte()) && Spte.isLeaf(it.spte(), it.level())) {
        leafs[it.level()]++;
      }
    }
    return leafs;
  }

  /** A table page about to be walked names a frame the pool handed out, still in use, reachable once. */
  private static void checkFrame(int frame, int level, long pageBase, BitSet seen, BitSet free, int limit) {
    if (frame <= 0 || frame >= limit) {
      throw new AssertionError("level-" + level + " table for gfn 0x" + Long.toHexString(pageBase)
          + " points at frame " + frame + ", never allocated (limit " + limit + ")");
    }
    if (free.get(frame)) {
      throw new AssertionError("level-" + level + " table frame " + frame + " for gfn 0x"
          + Long.toHexString(pageBase) + " is reachable but free in the pool");
    }
    if (seen.get(frame)) {
      throw new AssertionError("table frame " + frame + " reachable twice (second time at level " + level
          + ", gfn 0x" + Long.toHexString(pageBase) + ")");
    }
    seen.set(frame);
  }
}
