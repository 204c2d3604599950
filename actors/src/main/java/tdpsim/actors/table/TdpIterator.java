package tdpsim.actors.table;

import static tdpsim.actors.table.PageLevel.ENTRIES_PER_TABLE;
import static tdpsim.actors.table.PageLevel.index;
import static tdpsim.actors.table.PageLevel.pages4k;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The one walker behind every range operation on the table: visits, in pre-order, each entry of every table
 * page that touches a gfn range, down to a minimum level, in the shape of KVM's {@code struct tdp_iter} and its
 * {@code for_each_tdp_pte_min_level} loop. An operation is a loop over it:
 *
 * <pre>
 *   for (TdpIterator it = new TdpIterator(pool, root, levels, 1, start, end); it.isValid(); it.next()) {
 *     // it.level(), it.gfn(), it.spte(): decide, maybe change the entry with setSpteAtomic / setSpte / ...
 *   }
 * </pre>
 *
 * <p>The walk steps down into the current entry if the value the walk holds for it ({@link #spte()}: the value
 * it read, or the value the loop body last wrote or saw fail its CAS) is a present non-leaf above the minimum
 * level; otherwise it steps to the next entry of the page, or up and then sideways. A body that removes a table
 * entry with {@link #setSpte} therefore skips the subtree; one that takes it with {@link #takeSpte} walks the
 * detached subtree next (how collapse freezes a whole subtree in the same loop; zap empties the subtrees it
 * unlinks with a plain loop, {@code TableRangeOps.clearDetached}).
 *
 * <p>Yield points: {@link #tryYield} is KVM's {@code tdp_mmu_iter_cond_resched} contract. After it returns true
 * the caller may drop and retake its locks; the next {@link #next} restarts the walk from the root at the first
 * gfn not yet passed, so it never follows a pointer into a page that may have been unlinked meanwhile, and a
 * walk that yields twice without progress is refused the second yield.
 *
 * <p>Not thread-safe: one walk per instance at a time; an instance is reusable for any number of walks and
 * allocates nothing after construction.
 */
final class TdpIterator {
  private static final VarHandle SPTE = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int MAX_LEVEL = 5;

  private final PagePool pool;
  /** Table page at each level of the current path, index = level (KVM's {@code pt_path}). */
  private final long[][] ptPath = new long[MAX_LEVEL + 1][];
  /** Level of the page the walk started from: the root, or a detached or sub-root page. */
  private final int rootLevel;
  /** The walk never steps below this level. */
  private final int minLevel;
  /** End (exclusive) of the range. */
  private final long endGfn;
  /**
   * The start, or the gfn of the entry the walk last yielded at. KVM's {@code next_last_level_gfn} (first gfn not
   * yet passed, where a restarted walk resumes) is {@code max(gfn, resumeGfn)} after every step, so the hot
   * sideways step need not store it.
   */
  private long resumeGfn;
  /** {@code next_last_level_gfn} at the last yield, so a walk makes progress between yields. */
  private long yieldedGfn;
  /** Set by {@link #tryYield}: the next step restarts from the root. */
  private boolean yielded;
  /** The page holding the current entry ({@code ptPath[level]}). */
  private long[] page;
  /** Level of the current entry. */
  private int level;
  /** Index of the current entry in its page. */
  private int index;
  /** First gfn the current entry covers (aligned to its level); {@code Long.MAX_VALUE} once the walk is over. */
  private long gfn;
  /** 4 KiB pages an entry of the current level covers. */
  private long span;
  /** The current entry as this walk knows it ({@code old_spte}). */
  private long spte;

  /**
   * An iterator started on a walk of {@code [startGfn, endGfn)} from {@code rootPage}, a table page at
   * {@code rootLevel} whose range holds {@code startGfn}; the first entry is the one of {@code rootPage} that
   * covers {@code startGfn}. The walk's state must live in registers for the loops to run at the speed of a
   * hand-written recursive walk, which takes C2's escape analysis, which needs every method of this class that the
   * walk calls inlined into the operation. A constructor, and what it calls directly, is inlined whatever its
   * size; a plain start method called once per walk is a cold call site that C2 inlines only up to 35 bytecodes,
   * and a walk started that way kept its iterator on the heap (harvestDirty ran at 0.4x of the recursive walk).
   */
  TdpIterator(PagePool pool, long[] rootPage, int rootLevel, int minLevel, long startGfn, long endGfn) {
    assert rootLevel >= minLevel && rootLevel <= MAX_LEVEL && minLevel >= 1;
    this.pool = pool;
    this.ptPath[rootLevel] = rootPage;
    this.rootLevel = rootLevel;
    this.minLevel = minLevel;
    this.endGfn = endGfn;
    this.resumeGfn = startGfn;
    this.yieldedGfn = startGfn;
    this.level = rootLevel;
    position(startGfn);
  }

  /** True while the current entry exists and starts below the range's end. */
  boolean isValid() {
    return gfn < endGfn;
  }

  /**
   * Moves to the next entry in pre-order: down into the current entry if it is a table above the minimum level,
   * else sideways, first up as far as needed (KVM's try_step_down, try_step_side, try_step_up); after a yield,
   * back to the root. Kept small so that it inlines into the operations' loops.
   */
  void next() {
    long target;
    if (yielded) {
      // restart (tdp_iter_restart): back to the root, at the first gfn not yet passed
      yielded = false;
      level = rootLevel;
      target = resumeGfn;
    } else if (level > minLevel && Spte.isShadowPresent(spte) && !Spte.isLeaf(spte, level)) {
      // step down (try_step_down)
      level--;
      ptPath[level] = pool.page((int) Spte.toPfn(spte));
      target = Math.max(gfn, resumeGfn);
    } else {
      stepSide();
      return;
    }
    // position() written out: the rare steps down and restarts are cold call sites, where C2 inlines no method
    // over 35 bytecodes, and one call left out of line keeps the iterator off the registers (see the constructor)
    long[] p = ptPath[level];
    long sp = pages4k(level);
    int i = index(target, level);
    page = p;
    span = sp;
    gfn = target & -sp;
    index = i;
    spte = (long) SPTE.getAcquire(p, i);
  }

  /**
   * A yield point, as KVM's {@code tdp_mmu_iter_cond_resched}, called first in the loop body. Returns true, and
   * makes the next {@link #next} restart from the root at the current entry's gfn, unless the walk has not
   * stepped sideways since the last yield (then false, so every walk finishes). After true the caller may drop
   * and retake its locks and must {@code continue} without touching the current entry: the restarted walk comes
   * back to it through pages that are still linked.
   */
  boolean tryYield() {
    long nextLastLevelGfn = Math.max(gfn, resumeGfn);
    if (nextLastLevelGfn == yieldedGfn) {
      return false;
    }
    yieldedGfn = nextLastLevelGfn;
    resumeGfn = nextLastLevelGfn;
    yielded = true;
    return true;
  }

  int level() {
    return level;
  }

  /** First gfn the current entry covers. */
  long gfn() {
    return gfn;
  }

  /** 4 KiB pages the current entry covers. */
  long span() {
    return span;
  }

  /** The current entry as the walk knows it: last read, written, or seen by a failed CAS. */
  long spte() {
    return spte;
  }

  /** Reads the current entry again (after a wait on a frozen entry) and returns it. */
  long reread() {
    spte = (long) SPTE.getAcquire(page, index);
    return spte;
  }

  /**
   * Replaces the current entry by {@code newSpte} if it still holds {@link #spte()}, with one CAS (KVM's
   * {@code tdp_mmu_set_spte_atomic}).
   *
   * @return true if replaced (the walk now holds {@code newSpte}); false if the entry had changed, in which case
   *     the walk holds the entry's current value and nothing was written
   */
  boolean setSpteAtomic(long newSpte) {
    long witness = (long) SPTE.compareAndExchange(page, index, spte, newSpte);
    if (witness == spte) {
      spte = newSpte;
      return true;
    }
    spte = witness;
    return false;
  }

  /** Stores {@code newSpte} with release semantics; for entries no one else may change (exclusive stripes). */
  void setSpte(long newSpte) {
    SPTE.setRelease(page, index, newSpte);
    spte = newSpte;
  }

  /**
   * Swaps {@code newSpte} in atomically, so that an A/D update racing on the entry is not lost unseen, and
   * returns the value it replaced; the walk holds {@code newSpte}.
   */
  long exchangeSpte(long newSpte) {
    long old = (long) SPTE.getAndSet(page, index, newSpte);
    spte = newSpte;
    return old;
  }

  /**
   * Swaps {@code replacement} in atomically and returns the value it replaced, which the walk keeps: if that was a
   * table, the walk steps down into the now detached subtree next (to unlink or freeze it entry by entry).
   */
  long takeSpte(long replacement) {
    spte = (long) SPTE.getAndSet(page, index, replacement);
    return spte;
  }

  /** To the next entry of the page; at a page's last entry, up first (no read on the way up). */
  private void stepSide() {
    while (index == ENTRIES_PER_TABLE - 1) {
      if (level == rootLevel) {
        gfn = Long.MAX_VALUE;
        return;
      }
      level++;
      page = ptPath[level];
      span = pages4k(level);
      gfn &= -span;
      index = index(gfn, level);
    }
    index++;
    gfn += span;
    spte = (long) SPTE.getAcquire(page, index);
  }

  /** At the entry of the current level's page that covers {@code target}. */
  private void position(long target) {
    page = ptPath[level];
    span = pages4k(level);
    gfn = target & -span;
    index = index(target, level);
    spte = (long) SPTE.getAcquire(page, index);
  }
}
