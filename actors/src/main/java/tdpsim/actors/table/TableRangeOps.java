package tdpsim.actors.table;

import static tdpsim.actors.table.PageLevel.ENTRIES_PER_TABLE;
import static tdpsim.actors.table.PageLevel.index;
import static tdpsim.actors.table.PageLevel.pages4k;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The range operations of one {@link SharedPageTable} (zap, write-protect, split, collapse), each a short loop
 * over a {@link TdpIterator}, as KVM's {@code tdp_mmu.c} writes them over {@code tdp_root_for_each_pte}. The
 * table's public methods delegate here; the locking contract of each is on those methods.
 */
final class TableRangeOps {
  private static final VarHandle SPTE = MethodHandles.arrayElementVarHandle(long[].class);

  private final SharedPageTable table;
  private final PagePool pool;
  private final LockStripes stripes;
  private final int levels;

  TableRangeOps(SharedPageTable table) {
    this.table = table;
    this.pool = table.pool();
    this.stripes = table.stripes();
    this.levels = table.levels();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Zap

  ZapResult zap(long startGfn, long endGfn, boolean leafsOnly) {
    SharedPageTable.checkRange(startGfn, endGfn);
    long end = Math.min(endGfn, table.gfnLimit());
    ZapWork work = new ZapWork(levels);
    if (startGfn < end) {
      stripes.lockExclusive(startGfn, end);
      try {
        zapLocked(startGfn, end, leafsOnly, work);
        table.retire(work.frames.size, work.framesByLevel);
      } finally {
        stripes.unlockExclusive(startGfn, end);
      }
    }
    boolean flush = work.flushStart < work.flushEnd;
    return new ZapResult(work.leafs, work.pages4k, flush, flush ? work.flushStart : 0, flush ? work.flushEnd : 0,
        work.frames.size, work.partial, work.mmio, new DeferredFree(table, work.frames.toArray()));
  }

  /**
   * {@code tdp_mmu_zap_leafs}, plus (unless {@code leafsOnly}) the unlinking of every table page wholly inside
   * the range: such a table is taken out of its parent first, so no new walk enters it, and
   * {@link #clearDetached} then clears the detached subtree entry by entry, so walks already inside see it emptied.
   */
  private void zapLocked(long s, long e, boolean leafsOnly, ZapWork work) {
    assert stripes.isHeldExclusive(s, e);
    TdpIterator it = new TdpIterator(pool, table.rootPage(), levels, 1, s, e);
    for (; it.isValid(); it.next()) {
      long spte = it.spte();
      if (spte == 0) {
        continue;
      }
      long base = it.gfn();
      long span = it.span();
      if (!Spte.isShadowPresent(spte)) {
        assert !Spte.isFrozen(spte) : "frozen entry under an exclusive stripe at gfn " + base;
        it.setSpte(0L);
        work.mmio++;
      } else if (Spte.isLeaf(spte, it.level())) {
        // an atomic swap, not a plain store: a walker may be setting A/D on this entry right now
        it.exchangeSpte(0L);
        work.leaf(it.level(), base, span);
        if (base < s || base + span > e) {
          work.partial++;
        }
      } else if (!leafsOnly && base >= s && base + span <= e) {
        // unlink first, so no new walk enters the subtree (the walk now holds 0 and steps past it); walks already
        // inside see it emptied by clearDetached
        int child = (int) Spte.toPfn(it.exchangeSpte(0L));
        work.unlinked(child, it.level() - 1);
        work.flushRange(base, base + span);
        clearDetached(child, it.level() - 1, base, work);
      }
      // else a table that sticks out of the range: the walk steps down into it
    }
  }

  /**
   * Clears every entry of the detached subtree under table page {@code frame} (a level-{@code level} page
   * covering {@code base}, wholly inside the zapped range), tallying as the walk would, pages in pre-order: KVM's
   * {@code handle_removed_pt}, a plain loop over the removed page. Not a {@link TdpIterator} loop: no entry here
   * needs a range test or a read before its swap, and the iterator's read-then-swap per entry made a 64 MiB zap
   * 0.6-0.9x as fast as this loop (CPU time per page, alternating runs).
   */
  private void clearDetached(int frame, int level, long base, ZapWork work) {
    long[] page = pool.page(frame);
    long span = pages4k(level);
    for (int i = 0; i < ENTRIES_PER_TABLE; i++) {
      // an atomic swap: a walker still inside may be setting A/D on a leaf right now
      long spte = (long) SPTE.getAndSet(page, i, 0L);
      if (spte == 0) {
        continue;
      }
      long entryBase = base + i * span;
      if (!Spte.isShadowPresent(spte)) {
        assert !Spte.isFrozen(spte) : "frozen entry under an exclusive stripe at gfn " + entryBase;
        work.mmio++;
      } else if (Spte.isLeaf(spte, level)) {
        work.leaf(level, entryBase, span);
      } else {
        int child = (int) Spte.toPfn(spte);
        work.unlinked(child, level - 1);
        work.flushRange(entryBase, entryBase + span);
        clearDetached(child, level - 1, entryBase, work);
      }
    }
  }

  /** {@link SharedPageTable#zapLeafsExcept}: leaf zaps of the pieces between the kept ranges, summed. */
  ZapResult zapLeafsExcept(long startGfn, long endGfn, long[] keep) {
    long[] leafs = new long[levels + 1];
    long pages = 0;
    long lo = Long.MAX_VALUE;
    long hi = Long.MIN_VALUE;
    int partly = 0;
    long mmio = 0;
    long from = startGfn;
    for (int i = 0; i <= keep.length && from < endGfn; i += 2) {
      long to = i < keep.length ? Math.min(endGfn, keep[i]) : endGfn;
      if (to > from) {
        ZapResult zr = zap(from, to, true);
        for (int l = 0; l < leafs.length; l++) {
          leafs[l] += zr.leafsZapped()[l];
        }
        pages += zr.pages4kUnmapped();
        partly += zr.hugeLeafsPartlyCovered();
        mmio += zr.mmioZapped();
        if (zr.flushNeeded()) {
          lo = Math.min(lo, zr.flushStartGfn());
          hi = Math.max(hi, zr.flushEndGfn());
        }
      }
      if (i < keep.length) {
        from = Math.max(from, keep[i + 1]);
      }
    }
    boolean flush = lo <= hi;
    return new ZapResult(leafs, pages, flush, flush ? lo : 0, flush ? hi : 0, 0, partly, mmio,
        new DeferredFree(table, new int[0]));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Write-protect

  long writeProtect(long startGfn, long endGfn) {
    SharedPageTable.checkRange(startGfn, endGfn);
    long end = Math.min(endGfn, table.gfnLimit());
    if (startGfn >= end) {
      return 0;
    }
    stripes.lockShared(startGfn, end);
    try {
      return writeProtectLocked(startGfn, end);
    } finally {
      stripes.unlockShared(startGfn, end);
    }
  }

  /** KVM's {@code wrprot_gfn_range}: clear W on each writable leaf with a CAS, retrying the entry on failure. */
  private long writeProtectLocked(long s, long e) {
    long changed = 0;
    TdpIterator it = new TdpIterator(pool, table.rootPage(), levels, 1, s, e);
    for (; it.isValid(); it.next()) {
      for (long spte = it.spte(); ; spte = it.spte()) {
        if (Spte.isFrozen(spte)) {
          Thread.onSpinWait();
          it.reread();
          continue;
        }
        if (!Spte.isShadowPresent(spte) || !Spte.isLeaf(spte, it.level()) || !Spte.isWritable(spte)) {
          break;
        }
        if (it.setSpteAtomic(spte & ~(long) Spte.ACC_WRITE)) {
          changed++;
          break;
        }
        // A/D changed or a split replaced the leaf: look at the entry's new value
      }
    }
    return changed;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Split and collapse

  SplitResult splitHugePage(long gfn, int level) {
    table.checkGfn(gfn);
    if (level != 2 && level != 3) {
      throw new IllegalArgumentException("only level 2 or 3 leaves can be split, was " + level);
    }
    if (level > levels) {
      return SplitResult.NOT_SPLIT;
    }
    long span = pages4k(level);
    long base = gfn & -span;
    stripes.lockShared(base, base + span);
    try {
      long[] parent = table.tableAt(base, level);
      if (parent == null) {
        return SplitResult.NOT_SPLIT;
      }
      return splitLocked(parent, index(base, level), level);
    } finally {
      stripes.unlockShared(base, base + span);
    }
  }

  /** {@code tdp_mmu_split_huge_page}: build the full child, publish it with one CAS, rebuild if that fails. */
  private SplitResult splitLocked(long[] parent, int i, int level) {
    int childLevel = level - 1;
    long childSpan = pages4k(childLevel);
    int frame = -1;
    for (;;) {
      long spte = (long) SPTE.getAcquire(parent, i);
      if (Spte.isFrozen(spte)) {
        Thread.onSpinWait();
        continue;
      }
      if (!Spte.isShadowPresent(spte) || !Spte.isLeaf(spte, level)) {
        if (frame >= 0) {
          pool.free(frame);
        }
        return SplitResult.NOT_SPLIT;
      }
      if (frame < 0) {
        frame = pool.allocate();
      }
      long[] child = pool.page(frame);
      long first = Spte.makeLeaf(Spte.toPfn(spte), Spte.perms(spte), childLevel)
          | (spte & (Spte.ACCESSED | Spte.DIRTY));
      for (int j = 0; j < ENTRIES_PER_TABLE; j++) {
        child[j] = first + ((j * childSpan) << Spte.PFN_SHIFT);
      }
      // the CAS is a volatile write: the plain stores above are visible to any walker that sees the pointer
      if (SPTE.compareAndSet(parent, i, spte, Spte.makeNonLeaf(frame))) {
        table.linked(childLevel);
        return new SplitResult(true, false, childLevel);
      }
    }
  }

  CollapseResult collapse(long gfn, int level, long newPfn, int perms) {
    table.checkGfn(gfn);
    Spte.checkPerms(perms);
    if (level != 2 && level != 3) {
      throw new IllegalArgumentException("collapse makes a level 2 or 3 leaf, level was " + level);
    }
    if (level > table.maxLeafLevel()) {
      return CollapseResult.failed(CollapseResult.LEVEL_NOT_ALLOWED);
    }
    long span = pages4k(level);
    if (newPfn >= 0 && ((newPfn & (span - 1)) != 0 || newPfn + span - 1 > Spte.MAX_PFN)) {
      throw new IllegalArgumentException("newPfn 0x" + Long.toHexString(newPfn) + " not aligned for level " + level);
    }
    long base = gfn & -span;
    stripes.lockExclusive(base, base + span);
    try {
      return collapseLocked(base, level, newPfn, perms);
    } finally {
      stripes.unlockExclusive(base, base + span);
    }
  }

  private CollapseResult collapseLocked(long base, int level, long newPfn, int perms) {
    long[] parent = table.tableAt(base, level);
    if (parent == null) {
      return CollapseResult.failed(CollapseResult.NO_TABLE);
    }
    int i = index(base, level);
    long spte = (long) SPTE.getAcquire(parent, i);
    if (!Spte.isShadowPresent(spte) || Spte.isLeaf(spte, level)) {
      return CollapseResult.failed(CollapseResult.NO_TABLE);
    }
    int childFrame = (int) Spte.toPfn(spte);
    long leafPfn = newPfn;
    if (newPfn < 0) {
      leafPfn = contiguousBase(pool.page(childFrame), level - 1, pages4k(level));
      if (leafPfn < 0) {
        return CollapseResult.failed(CollapseResult.NOT_CONTIGUOUS);
      }
    }
    ZapWork work = new ZapWork(levels);
    long ad = freezeSubtree(childFrame, level - 1, base, work);
    SPTE.setVolatile(parent, i, Spte.makeLeaf(leafPfn, perms, level) | ad);
    table.retire(work.frames.size, work.framesByLevel);
    return new CollapseResult(CollapseResult.COLLAPSED, true, work.totalLeafs(), work.frames.size,
        new DeferredFree(table, work.frames.toArray()));
  }

  /** Base pfn if the page holds 512 present, contiguous leaves aligned for a {@code span} leaf, else -1. */
  private static long contiguousBase(long[] page, int level, long span) {
    long childSpan = pages4k(level);
    long first = (long) SPTE.getAcquire(page, 0);
    if (!Spte.isShadowPresent(first) || !Spte.isLeaf(first, level) || (Spte.toPfn(first) & (span - 1)) != 0) {
      return -1;
    }
    long base = Spte.toPfn(first);
    for (int j = 1; j < ENTRIES_PER_TABLE; j++) {
      long spte = (long) SPTE.getAcquire(page, j);
      if (!Spte.isShadowPresent(spte) || !Spte.isLeaf(spte, level) || Spte.toPfn(spte) != base + j * childSpan) {
        return -1;
      }
    }
    return base;
  }

  /**
   * Freezes every entry of the subtree under table page {@code frame} (a level-{@code level} page covering
   * {@code base}), returning the OR of the leaves' A/D bits at the moment they froze; KVM's frozen-SPTE step of
   * {@code handle_removed_pt}.
   */
  private long freezeSubtree(int frame, int level, long base, ZapWork work) {
    work.unlinked(frame, level);
    long ad = 0;
    TdpIterator it = new TdpIterator(pool, pool.page(frame), level, 1, base, base + pages4k(level + 1));
    for (; it.isValid(); it.next()) {
      long spte = it.takeSpte(Spte.FROZEN_SPTE);
      if (!Spte.isShadowPresent(spte)) {
        continue;
      }
      if (Spte.isLeaf(spte, it.level())) {
        ad |= spte & (Spte.ACCESSED | Spte.DIRTY);
        work.leafs[it.level()]++;
      } else {
        work.unlinked((int) Spte.toPfn(spte), it.level() - 1);
      }
    }
    return ad;
  }

  /** Tally of a zap or collapse. */
  private static final class ZapWork {
    final long[] leafs;
    final long[] framesByLevel;
    final IntList frames = new IntList();
    long pages4k;
    long flushStart = Long.MAX_VALUE;
    long flushEnd = Long.MIN_VALUE;
    int partial;
    long mmio;

    ZapWork(int levels) {
      leafs = new long[levels + 1];
      framesByLevel = new long[levels + 1];
    }

    void leaf(int level, long base, long span) {
      leafs[level]++;
      pages4k += span;
      flushRange(base, base + span);
    }

    void unlinked(int frame, int level) {
      frames.add(frame);
      framesByLevel[level]++;
    }

    void flushRange(long from, long to) {
      flushStart = Math.min(flushStart, from);
      flushEnd = Math.max(flushEnd, to);
    }

    long totalLeafs() {
      long n = 0;
      for (long c : leafs) {
        n += c;
      }
      return n;
    }
  }

  /** Growable list of frame numbers. */
  private static final class IntList {
    int[] items = new int[8];
    int size;

    void add(int v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }

    int[] toArray() {
      return Arrays.copyOf(items, size);
    }
  }
}
