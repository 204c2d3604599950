package tdpsim.actors.table;

import static tdpsim.actors.table.PageLevel.index;
import static tdpsim.actors.table.PageLevel.pages4k;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One x86-format radix table mapping guest frames to host frames: a VM's TDP (EPT/NPT) table, which the
 * IOMMU walks as its second-stage table when the table is shared, or the IOMMU's own table when it is not.
 * The fault path, the zap paths and both hardware walkers operate on this one object concurrently.
 *
 * <p>Implementation notes (details in package-info and docs/locking.md). Walkers ({@link #translate},
 * {@link #lookup}) take no lock and read entries with acquire semantics. Faults, splits, write-protect and
 * harvests hold the stripes covering their range shared and change entries only by CAS, so they run in
 * parallel as KVM's faults do under {@code mmu_lock} held for read. Zap and collapse hold their stripes
 * exclusive. Unlinked table pages go to a {@link DeferredFree} and reach the pool only via {@link #release}.
 * Footprint counters are per-level {@link LongAdder}s touched only when a table page is linked or unlinked.
 * All ranges are half-open gfn ranges {@code [startGfn, endGfn)}.
 *
 * <p>This file holds the table, its hardware walks and the fault path. Every walk over a range is a loop over
 * one {@link TdpIterator}: the range operations (zap, write-protect, split, collapse) live in
 * {@link TableRangeOps}, the A/D harvest in {@link TableHarvest}; the public methods here delegate to them.
 */
public final class SharedPageTable {
  private static final VarHandle SPTE = MethodHandles.arrayElementVarHandle(long[].class);

  private final TableSettings settings;
  private final PagePool pool;
  private final LockStripes stripes;
  private final int levels;
  private final int maxLeafLevel;
  private final long gfnLimit;
  private final int rootFrame;
  private final long[] root;
  /** Reachable table pages per level (index = level). */
  private final LongAdder[] pageCounters;
  private final AtomicLong pendingFree = new AtomicLong();
  /**
   * Bumped by every zap or collapse that unlinks table pages, while it still holds its stripes exclusive.
   * A map hint taken at an older value may name an unlinked page and is ignored.
   */
  private final AtomicLong unlinkSeq = new AtomicLong();
  /** Per-stripe hint: the level-1 page of the last 2 MiB block a 4 KiB fault under that stripe reached. */
  private final MapHints mapHints;
  private final TableRangeOps rangeOps;
  private final TableHarvest harvest;

  /** A table with a private page pool. */
  public SharedPageTable(TableSettings settings) {
    this(settings, new PagePool());
  }

  /** A table drawing its pages from {@code pool}, which other tables may share. */
  public SharedPageTable(TableSettings settings, PagePool pool) {
    this.settings = settings;
    this.pool = pool;
    this.stripes = new LockStripes(settings.stripeCount(), settings.stripeShift());
    this.levels = settings.levels();
    this.maxLeafLevel = settings.maxLeafLevel();
    this.gfnLimit = settings.gfnLimit();
    this.pageCounters = new LongAdder[levels + 1];
    for (int l = 1; l <= levels; l++) {
      pageCounters[l] = new LongAdder();
    }
    this.mapHints = new MapHints(settings.stripeCount());
    this.rootFrame = pool.allocate();
    this.root = pool.page(rootFrame);
    pageCounters[levels].increment();
    this.rangeOps = new TableRangeOps(this);
    this.harvest = new TableHarvest(this);
  }

  public int levels() {
    return levels;
  }

  public int maxLeafLevel() {
    return maxLeafLevel;
  }

  public TableSettings settings() {
    return settings;
  }

  /** The pool the table draws from. */
  public PagePool pool() {
    return pool;
  }

  /** Frame number of the root page (what an EPTP or a PASID entry would point at). */
  public int rootFrame() {
    return rootFrame;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Walkers

  /**
   * The hardware walk of a vCPU: lock-free, sets A on any access and D on a write with a CAS, as the hardware's
   * locked update does. Allocates nothing.
   *
   * @param access mask of {@link Spte#ACC_READ}, {@link Spte#ACC_WRITE}, {@link Spte#ACC_EXEC}
   * @param walkerMaxLeafLevel largest leaf the walker understands (3 for a CPU; 2 for an IOMMU without 1 GiB)
   * @return a {@link Walk} result: the host pfn of this 4 KiB page and the leaf level, or a fault code
   */
  public long translate(long gfn, int access, int walkerMaxLeafLevel) {
    return hardwareWalk(gfn, access, walkerMaxLeafLevel, Spte.MMU_PRESENT, Spte.ACC_ALL, null);
  }

  /**
   * {@link #translate}, starting at the level-1 page {@code hints} remembers for gfn's 2 MiB block when no table
   * page was unlinked since, and remembering the page it reaches; the same result as without hints.
   */
  public long translate(long gfn, int access, int walkerMaxLeafLevel, WalkHints hints) {
    return hardwareWalk(gfn, access, walkerMaxLeafLevel, Spte.MMU_PRESENT, Spte.ACC_ALL, hints);
  }

  /**
   * The VT-d second-stage walk of the same entries: as {@link #translate}, except that presence is decided by
   * the R and W bits ({@link Spte#isIommuPresent}), as the IOMMU hardware does; KVM's software present bit
   * (bit 11) means nothing to it, nor does X. An entry with R=W=0 (X-only, frozen, MMIO-caching, non-present)
   * ends the walk as not present. Allocates nothing.
   */
  public long translateIommu(long gfn, int access, int walkerMaxLeafLevel) {
    int rw = Spte.ACC_READ | Spte.ACC_WRITE;
    return hardwareWalk(gfn, access, walkerMaxLeafLevel, rw, rw, null);
  }

  /**
   * Both hardware walks: an entry is present if it has a bit of {@code presentBits}, and a leaf grants the
   * access bits inside {@code checkedPerms} it has. A leaf is a level-1 entry or one with PS at level 2 or 3, for
   * both walkers.
   */
  private long hardwareWalk(long gfn, int access, int walkerMaxLeafLevel, long presentBits, int checkedPerms,
      WalkHints hints) {
    checkGfn(gfn);
    long setBits = (access & Spte.ACC_WRITE) != 0 ? Spte.ACCESSED | Spte.DIRTY : Spte.ACCESSED;
    retry:
    for (;;) {
      long[] page = root;
      int level = levels;
      long seq = 0;
      if (hints != null) {
        seq = unlinkSeq.get();
        long[] hinted = hints.page(gfn >>> 9, seq);
        if (hinted != null) {
          page = hinted;
          level = 1;
        }
      }
      for (; ; level--) {
        int i = index(gfn, level);
        long spte = (long) SPTE.getAcquire(page, i);
        if ((spte & presentBits) == 0) {
          return notPresentCode(spte);
        }
        if (Spte.isLeaf(spte, level)) {
          if (level > walkerMaxLeafLevel) {
            return Walk.LEAF_TOO_LARGE;
          }
          if ((access & ~Spte.perms(spte) & checkedPerms) != 0) {
            return Walk.PERMISSION;
          }
          if ((spte & setBits) != setBits && !SPTE.compareAndSet(page, i, spte, spte | setBits)) {
            // the entry changed under us (A/D from another walker, split, zap): walk again
            continue retry;
          }
          long ok = Walk.success(Spte.toPfn(spte) + (gfn & (pages4k(level) - 1)), level);
          return (setBits & Spte.DIRTY) != 0 && !Spte.isDirty(spte) ? Walk.dirtied(ok) : ok;
        }
        page = pool.page((int) Spte.toPfn(spte));
        if (level == 2 && hints != null) {
          hints.remember(gfn >>> 9, page, seq);
        }
      }
    }
  }


  /** Like {@link #translate} without A/D updates and without permission or leaf-size checks. */
  public long lookup(long gfn) {
    checkGfn(gfn);
    long[] page = root;
    for (int level = levels; ; level--) {
      long spte = (long) SPTE.getAcquire(page, index(gfn, level));
      if (!Spte.isShadowPresent(spte)) {
        return notPresentCode(spte);
      }
      if (Spte.isLeaf(spte, level)) {
        return Walk.success(Spte.toPfn(spte) + (gfn & (pages4k(level) - 1)), level);
      }
      page = pool.page((int) Spte.toPfn(spte));
    }
  }

  /** The raw leaf entry that maps {@code gfn} (0 if none), for tests and invariant checks. */
  public long leafSpte(long gfn) {
    checkGfn(gfn);
    long[] page = root;
    for (int level = levels; ; level--) {
      long spte = (long) SPTE.getAcquire(page, index(gfn, level));
      if (!Spte.isShadowPresent(spte) || Spte.isLeaf(spte, level)) {
        return spte;
      }
      page = pool.page((int) Spte.toPfn(spte));
    }
  }

  private static long notPresentCode(long spte) {
    if (Spte.isFrozen(spte)) {
      return Walk.FROZEN;
    }
    return Spte.isMmio(spte) ? Walk.MMIO : Walk.NOT_PRESENT;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Fault path

  /**
   * Installs a leaf at {@code min(level, maxLeafLevel)} covering {@code gfn} (aligned down), allocating the
   * missing intermediate tables: KVM's fault path. {@code pfn} backs {@code gfn} itself; the leaf's pfn is
   * aligned down with the gfn, so the caller guarantees the host range is contiguous and aligned.
   *
   * <p>Holds the stripes of the leaf's range shared and installs with CAS; a thread that loses the race to
   * link a new table page frees that unpublished page at once.
   *
   * @return what the call did
   */
  public MapResult map(long gfn, int level, long pfn, int perms) {
    return map(gfn, level, pfn, perms, null, 0);
  }

  /**
   * {@link #map(long, int, long, int)} that first asks {@code guard} (when not null), under the stripes, whether
   * the install may still happen; if not, nothing changes and the result is {@link MapResult#RETRY}.
   */
  public MapResult map(long gfn, int level, long pfn, int perms, MapGuard guard, long token) {
    checkGfn(gfn);
    Spte.checkPerms(perms);
    if (level < 1 || level > 3) {
      throw badLevel(level);
    }
    int goal = Math.min(level, maxLeafLevel);
    long span = pages4k(goal);
    long base = gfn & -span;
    long basePfn = pfn - (gfn - base);
    if (basePfn < 0 || (basePfn & (span - 1)) != 0 || basePfn + span - 1 > Spte.MAX_PFN) {
      throw misalignedPfn(gfn, pfn, goal);
    }
    stripes.lockShared(base, base + span);
    try {
      if (guard != null && !guard.mayInstall(base, span, token)) {
        return MapResult.RETRY;
      }
      return mapLocked(base, goal, basePfn, perms);
    } finally {
      stripes.unlockShared(base, base + span);
    }
  }

  private MapResult mapLocked(long base, int goal, long basePfn, int perms) {
    assert stripes.isHeldShared(base, base + pages4k(goal));
    long[] page = root;
    int level = levels;
    long seq = 0;
    int hintSlot = 0;
    if (goal == 1) {
      // 4 KiB faults come in runs within a 2 MiB block; skip the descent if this stripe's hint still holds.
      // Valid because unlinking that page needs this stripe exclusive, which bumps unlinkSeq before release.
      seq = unlinkSeq.get();
      hintSlot = stripes.stripeOf(base);
      long[] hinted = mapHints.page(hintSlot, base >>> 9, seq);
      if (hinted != null) {
        page = hinted;
        level = 1;
      }
    }
    for (;;) {
      int i = index(base, level);
      long spte = (long) SPTE.getAcquire(page, i);
      if (Spte.isFrozen(spte)) {
        return MapResult.RETRY;
      }
      boolean present = Spte.isShadowPresent(spte);
      if (present && Spte.isLeaf(spte, level)) {
        MapResult r = mapOverLeaf(page, i, spte, level, base, basePfn, perms);
        if (r != null) {
          return r;
        }
        continue;
      }
      if (level == goal) {
        if (present) {
          return MapResult.CONFLICT;
        }
        if (SPTE.compareAndSet(page, i, spte, Spte.makeLeaf(basePfn, perms, goal))) {
          return MapResult.INSTALLED;
        }
        continue;
      }
      if (present) {
        page = pool.page((int) Spte.toPfn(spte));
        level--;
        if (level == 1) {
          mapHints.remember(hintSlot, base >>> 9, page, seq);
        }
        continue;
      }
      long[] child = linkNewTable(page, i, spte, level);
      if (child != null) {
        page = child;
        level--;
        if (level == 1) {
          mapHints.remember(hintSlot, base >>> 9, page, seq);
        }
      }
      // else another fault linked (or changed) the entry first: read it again
    }
  }

  /**
   * Mapping {@code basePfn} where the leaf {@code spte} (at {@code page[i]}, {@code level}) already is: a conflict if
   * it maps another pfn, present if it has {@code perms}, else upgraded by CAS. Null if that CAS lost: read again.
   */
  private static MapResult mapOverLeaf(long[] page, int i, long spte, int level, long base, long basePfn,
      int perms) {
    long leafSpan = pages4k(level);
    if (Spte.toPfn(spte) + (base & (leafSpan - 1)) != basePfn) {
      return MapResult.CONFLICT;
    }
    if ((perms & ~Spte.perms(spte)) == 0) {
      return MapResult.ALREADY_PRESENT;
    }
    if (SPTE.compareAndSet(page, i, spte, spte | perms)) {
      return MapResult.UPGRADED;
    }
    return null;
  }

  /**
   * Links a fresh table page under entry {@code i} of {@code page} (a page of {@code level}) if the entry is
   * still {@code old}. Returns the new page, or null if another thread changed the entry first, in which case
   * the unpublished page went straight back to the pool.
   */
  private long[] linkNewTable(long[] page, int i, long old, int level) {
    int frame = pool.allocate();
    if (SPTE.compareAndSet(page, i, old, Spte.makeNonLeaf(frame))) {
      pageCounters[level - 1].increment();
      return pool.page(frame);
    }
    pool.free(frame);
    return null;
  }

  /**
   * Installs KVM's MMIO-caching entry for one 4 KiB gfn: the vCPU will exit on it to emulate, the IOMMU will
   * fault. Stripe shared, CAS.
   *
   * @return {@link MapResult#INSTALLED}, {@link MapResult#ALREADY_PRESENT} (same MMIO entry),
   *     {@link MapResult#CONFLICT} (memory is mapped there) or {@link MapResult#RETRY}
   */
  public MapResult mapMmio(long gfn) {
    checkGfn(gfn);
    stripes.lockShared(gfn, gfn + 1);
    try {
      long[] page = root;
      int level = levels;
      for (;;) {
        int i = index(gfn, level);
        long spte = (long) SPTE.getAcquire(page, i);
        if (Spte.isFrozen(spte)) {
          return MapResult.RETRY;
        }
        boolean present = Spte.isShadowPresent(spte);
        if (present && Spte.isLeaf(spte, level)) {
          return MapResult.CONFLICT;
        }
        if (level == 1) {
          long mmio = Spte.makeMmio(gfn);
          if (spte == mmio) {
            return MapResult.ALREADY_PRESENT;
          }
          if (SPTE.compareAndSet(page, i, spte, mmio)) {
            return MapResult.INSTALLED;
          }
          continue;
        }
        if (present) {
          page = pool.page((int) Spte.toPfn(spte));
          level--;
          continue;
        }
        long[] child = linkNewTable(page, i, spte, level);
        if (child != null) {
          page = child;
          level--;
        }
      }
    } finally {
      stripes.unlockShared(gfn, gfn + 1);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Range operations (TableRangeOps) and harvest (TableHarvest)

  /**
   * Clears every leaf in {@code [startGfn, endGfn)} (a huge leaf that only partly overlaps is zapped whole)
   * and unlinks table pages that lie entirely inside the range, with their subtrees: KVM's
   * {@code tdp_mmu_zap_leafs} plus the removal of empty tables. Holds the covering stripes exclusive. The
   * unlinked pages are not freed; they wait in the result's {@link DeferredFree}.
   */
  public ZapResult zap(long startGfn, long endGfn) {
    return rangeOps.zap(startGfn, endGfn, false);
  }

  /**
   * KVM's {@code tdp_mmu_zap_leafs} as the MMU notifier runs it: clears every leaf in {@code [startGfn, endGfn)}
   * (a huge leaf that only partly overlaps is zapped whole) and leaves every table page in place, emptied. Only
   * memslot zaps, zap-all, NX-huge-page recovery and collapse free table pages ({@link #zap}). Holds the covering
   * stripes exclusive; the result's {@link DeferredFree} is empty.
   */
  public ZapResult zapLeafs(long startGfn, long endGfn) {
    return rangeOps.zap(startGfn, endGfn, true);
  }

  /**
   * {@link #zapLeafs} of {@code [startGfn, endGfn)} minus the {@code keep} ranges ({start, end} gfn pairs sorted by
   * start): what an MMU notifier does when a KVM or IOMMU-driver change leaves pinned DMA buffers mapped. A huge
   * leaf reaching from a zapped piece into a kept range is still zapped whole.
   */
  public ZapResult zapLeafsExcept(long startGfn, long endGfn, long[] keep) {
    return rangeOps.zapLeafsExcept(startGfn, endGfn, keep);
  }

  /**
   * Returns once every {@link #map(long, int, long, int, MapGuard, long)} in flight on {@code [startGfn, endGfn)}
   * has finished: takes the range's stripes exclusive and releases them. A map holds its stripes shared from its
   * guard check to its install, so one that checks its guard after this call sees what the caller published
   * before it (an invalidation begun in the tracker, say).
   */
  public void waitForMaps(long startGfn, long endGfn) {
    checkRange(startGfn, endGfn);
    long end = Math.min(endGfn, gfnLimit());
    if (startGfn < end) {
      stripes.lockExclusive(startGfn, end);
      stripes.unlockExclusive(startGfn, end);
    }
  }

  /**
   * Clears W on every present writable leaf touching {@code [startGfn, endGfn)} (a huge leaf is protected
   * whole), with CAS, holding the stripes shared. The caller flushes if the result is positive.
   *
   * @return number of leaves changed
   */
  public long writeProtect(long startGfn, long endGfn) {
    return rangeOps.writeProtect(startGfn, endGfn);
  }

  /**
   * Replaces the huge leaf at {@code level} (2 or 3) covering {@code gfn} by a fully populated table of
   * level-1 leaves with the same permissions, A/D bits and contiguous pfns. The child is built completely,
   * then published with one CAS on the parent entry, so a concurrent walker sees the old leaf or the new
   * table, never a hole. Holds the huge leaf's stripes shared; if a walker sets A/D on the old leaf meanwhile,
   * the CAS fails and the child is rebuilt from the new value.
   *
   * @return {@code split=false} if no huge leaf sits at that level (nothing is changed)
   */
  public SplitResult splitHugePage(long gfn, int level) {
    return rangeOps.splitHugePage(gfn, level);
  }

  /**
   * Replaces the table under the level-{@code level} slot covering {@code gfn} by one huge leaf, in one
   * store on the parent entry, holding the slot's stripes exclusive. With {@code newPfn < 0} the 512 entries
   * below must be present leaves at {@code level - 1}, contiguous and aligned, and the huge leaf maps the
   * same memory; otherwise the table is left unchanged. With {@code newPfn >= 0} (aligned) the huge leaf maps
   * that frame, whatever was below. The leaves below are frozen first, which stops walkers from setting A/D
   * on them, and the huge leaf takes the OR of their A/D bits, so no dirty bit is lost. A walker sees the old
   * leaves, a frozen entry (it retries) or the huge leaf, never a hole. The old table goes to a
   * {@link DeferredFree}.
   */
  public CollapseResult collapse(long gfn, int level, long newPfn, int perms) {
    return rangeOps.collapse(gfn, level, newPfn, perms);
  }

  /**
   * Tests (and with {@code clear}, clears with CAS) {@code flag} ({@link Spte#DIRTY} or {@link Spte#ACCESSED}) on
   * every leaf touching the range, marking bit {@code i} of {@code bitmap} for gfn {@code startGfn + i}; a
   * flagged huge leaf marks all its pages inside the range. A huge leaf that sticks out of the range is reported
   * but not cleared, since clearing would lose the flag of its pages outside the range (they are reported again
   * next time, never lost). Holds the stripes shared. The caller must flush before trusting later bits if
   * anything was cleared.
   *
   * @return pages marked and table entries read (the cost model's unit)
   */
  public HarvestResult harvest(long startGfn, long endGfn, long[] bitmap, boolean clear, long flag) {
    return harvest.harvest(startGfn, endGfn, bitmap, clear, flag);
  }

  /** {@link #harvest} of the D bit (dirty logging); returns the pages reported dirty. */
  public long harvestDirty(long startGfn, long endGfn, long[] bitmap, boolean clear) {
    return harvest.harvest(startGfn, endGfn, bitmap, clear, Spte.DIRTY).pagesMarked();
  }

  /** {@link #harvest} of the A bit (working-set estimation, reclaim aging); returns the pages reported young. */
  public long harvestAccessed(long startGfn, long endGfn, long[] bitmap, boolean clear) {
    return harvest.harvest(startGfn, endGfn, bitmap, clear, Spte.ACCESSED).pagesMarked();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Deferred free

  /** The unlink sequence now (tests: whether a walk hint is still valid). */
  long unlinkSeq() {
    return unlinkSeq.get();
  }

  /** Moves {@code unlinked} pages from the reachable counters to pending free; stripes still held exclusive. */
  void retire(int unlinked, long[] framesByLevel) {
    if (unlinked > 0) {
      unlinkSeq.incrementAndGet();
    }
    for (int l = 1; l < framesByLevel.length; l++) {
      if (framesByLevel[l] != 0) {
        pageCounters[l].add(-framesByLevel[l]);
      }
    }
    pendingFree.addAndGet(unlinked);
  }

  /**
   * The caller's word that the invalidation which made {@code deferred}'s pages unreachable has completed (TLB
   * flush acknowledged by every vCPU, IOTLB invalidation and drain done), so no walk can still be inside them.
   * Only now do the pages return to the pool.
   *
   * @throws IllegalStateException if the handle was already released
   * @throws IllegalArgumentException if the handle belongs to another table
   */
  public void release(DeferredFree deferred) {
    if (deferred.owner() != this) {
      throw new IllegalArgumentException("DeferredFree belongs to another table");
    }
    if (!deferred.tryMarkReleased()) {
      throw new IllegalStateException("DeferredFree released twice: " + deferred);
    }
    for (int frame : deferred.frames()) {
      pool.free(frame);
    }
    pendingFree.addAndGet(-deferred.pages());
  }

  /** Table pages unlinked but not yet released. */
  public long pendingFreePages() {
    return pendingFree.get();
  }

  // ---------------------------------------------------------------------------------------------------------
  // Footprint

  /** Table pages reachable from the root, root included. */
  public long pages() {
    long n = 0;
    for (int l = 1; l <= levels; l++) {
      n += pageCounters[l].sum();
    }
    return n;
  }

  /** Reachable table pages per level; index = level (1..levels), index 0 unused. */
  public long[] pagesByLevel() {
    long[] by = new long[levels + 1];
    for (int l = 1; l <= levels; l++) {
      by[l] = pageCounters[l].sum();
    }
    return by;
  }

  /** Size of the real table: pages * 4 KiB. */
  public long bytes() {
    return pages() * 4096L;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers

  /** Entry value at {@code index} of table page {@code frame}, for invariant checks. */
  long entry(int frame, int index) {
    return (long) SPTE.getAcquire(pool.page(frame), index);
  }

  LockStripes stripes() {
    return stripes;
  }

  long gfnLimit() {
    return gfnLimit;
  }

  /** The root table page. */
  long[] rootPage() {
    return root;
  }

  /** A table page at {@code level} was linked in (a split's child). */
  void linked(int level) {
    pageCounters[level].increment();
  }

  /** The table page at {@code level} on the path to {@code gfn}, or null if the path stops above it. */
  long[] tableAt(long gfn, int level) {
    long[] page = root;
    for (int l = levels; l > level; l--) {
      long spte = (long) SPTE.getAcquire(page, index(gfn, l));
      if (!Spte.isShadowPresent(spte) || Spte.isLeaf(spte, l)) {
        return null;
      }
      page = pool.page((int) Spte.toPfn(spte));
    }
    return page;
  }

  void checkGfn(long gfn) {
    if (gfn < 0 || gfn >= gfnLimit) {
      throw outsideTable(gfn);
    }
  }

  // exception builders live out of line so the hot methods stay small enough for the JIT to inline

  private IllegalArgumentException outsideTable(long gfn) {
    return new IllegalArgumentException("gfn 0x" + Long.toHexString(gfn) + " outside a " + levels + "-level table");
  }

  private static IllegalArgumentException misalignedPfn(long gfn, long pfn, int goal) {
    return new IllegalArgumentException("pfn 0x" + Long.toHexString(pfn) + " for gfn 0x" + Long.toHexString(gfn)
        + " is not aligned like the gfn for a level-" + goal + " leaf");
  }

  private static IllegalArgumentException badLevel(int level) {
    return new IllegalArgumentException("leaf level must be 1..3, was " + level);
  }

  static void checkRange(long startGfn, long endGfn) {
    if (startGfn < 0 || endGfn < startGfn) {
      throw new IllegalArgumentException("bad gfn range [" + startGfn + ", " + endGfn + ")");
    }
  }
}
