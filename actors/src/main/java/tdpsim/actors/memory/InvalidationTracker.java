package tdpsim.actors.memory;

/**
 * KVM's mmu_invalidate_seq / mmu_invalidate_in_progress for one table owner: a fault records {@link #seq()}
 * before looking up the host page, and may install its entry only if, checked under the table stripe it holds,
 * no invalidation covering the gfn is in progress and none ended since ({@link #mayInstall}). Without it a fault
 * racing a zap could install a host frame that the host frees right after: a use-after-free.
 *
 * <p>Implementation notes: {@code begin}/{@code end} are rare (one per host event) and synchronized; the fault
 * path reads two volatiles and takes the monitor only while an invalidation is active.
 */
public final class InvalidationTracker {
  private static final int MAX_ACTIVE = 64;

  private volatile long seq;
  private volatile int activeCount;
  private final long[] starts = new long[MAX_ACTIVE];
  private final long[] ends = new long[MAX_ACTIVE];

  /** The sequence a fault must record before it looks up the host page. */
  public long seq() {
    return seq;
  }

  /** Invalidation of {@code [startGfn, endGfn)} starts: faults on it retry until {@link #end}. */
  public synchronized void begin(long startGfn, long endGfn) {
    for (int i = 0; i < MAX_ACTIVE; i++) {
      if (ends[i] == 0) {
        starts[i] = startGfn;
        ends[i] = Math.max(endGfn, startGfn + 1);
        activeCount = activeCount + 1;
        return;
      }
    }
    throw new IllegalStateException("more than " + MAX_ACTIVE + " invalidations in flight");
  }

  /** The invalidation begun with the same range has ended: bump the sequence, then let faults in. */
  public synchronized void end(long startGfn, long endGfn) {
    long end = Math.max(endGfn, startGfn + 1);
    for (int i = 0; i < MAX_ACTIVE; i++) {
      if (starts[i] == startGfn && ends[i] == end) {
        seq = seq + 1;
        starts[i] = 0;
        ends[i] = 0;
        activeCount = activeCount - 1;
        return;
      }
    }
    throw new IllegalStateException("no invalidation in flight for " + startGfn + ".." + endGfn);
  }

  /** True when some invalidation covering {@code gfn} is in progress. */
  public boolean isInProgress(long gfn) {
    if (activeCount == 0) {
      return false;
    }
    synchronized (this) {
      for (int i = 0; i < MAX_ACTIVE; i++) {
        if (ends[i] != 0 && gfn < ends[i] && gfn >= starts[i]) {
          return true;
        }
      }
      return false;
    }
  }

  /** True when no invalidation began on {@code gfn}'s range or ended anywhere since {@code seqAtStart}. */
  public boolean mayInstall(long gfn, long pages, long seqAtStart) {
    if (seq != seqAtStart) {
      return false;
    }
    if (activeCount == 0) {
      return true;
    }
    synchronized (this) {
      for (int i = 0; i < MAX_ACTIVE; i++) {
        if (ends[i] != 0 && gfn < ends[i] && gfn + pages > starts[i]) {
          return false;
        }
      }
      return seq == seqAtStart;
    }
  }

  public boolean isIdle() {
    return activeCount == 0;
  }
}
