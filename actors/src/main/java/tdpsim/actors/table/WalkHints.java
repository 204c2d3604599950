package tdpsim.actors.table;

/**
 * One walker's remembered level-1 table pages: for up to {@value #SLOTS} 2 MiB blocks (direct-mapped by the
 * block's low bits), the table page its last walk reached and the table's unlink sequence at the time, so that
 * the next walk into the same block reads only the leaf. It changes what the simulator costs in wall time, not
 * what it simulates: the walk returns what the full descent would, and its virtual cost is the same draw.
 * (Real MMUs keep paging-structure caches for the same reason; this one is not a model of them.)
 *
 * <p>Valid because every zap or collapse that unlinks a table page bumps the table's unlink sequence before it
 * releases its stripes, and the page is freed only after the walkers that could hold it have acknowledged the
 * flush (deferred free): a walk that finds the sequence unchanged reads a page that was linked when it started,
 * which is what a full walk racing the same zap could read. Not thread-safe: one per walker (a vCPU).
 */
public final class WalkHints {
  static final int SLOTS = 4;
  private static final int MASK = SLOTS - 1;

  /** Block number (gfn >>> 9) per slot, -1 for none. */
  private final long[] block = {-1, -1, -1, -1};
  private final long[] seq = new long[SLOTS];
  private final long[][] page = new long[SLOTS][];

  /** The level-1 page remembered for {@code blockNo} if the table's unlink sequence is still {@code seqNow}. */
  long[] page(long blockNo, long seqNow) {
    int s = (int) blockNo & MASK;
    return block[s] == blockNo && seq[s] == seqNow ? page[s] : null;
  }

  void remember(long blockNo, long[] levelOnePage, long seqAtStart) {
    int s = (int) blockNo & MASK;
    block[s] = blockNo;
    seq[s] = seqAtStart;
    page[s] = levelOnePage;
  }
}
