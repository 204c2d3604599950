package tdpsim.actors.table;

import java.util.Arrays;

/**
 * One walker's shortcut to the level-1 table pages it walked into last, by 2 MiB block, so that a walk of a
 * block it walked before reads one entry instead of one per level.
 *
 * <p>Not a model of the hardware's paging-structure caches: it changes no result and no virtual time. Its
 * entries are valid only while the table has unlinked no page since they were taken (the table's unlink
 * sequence, which every zap and collapse bumps while it still holds its stripes exclusive), and a level-1 page
 * stays linked under its parent entry until it is unlinked, so a walk through it reads what a full walk could
 * have read. It serves where walks dominate: with many VMs the upper levels of a walk are four dependent loads
 * through the page pool per TLB miss. One owner; not thread-safe.
 */
public final class WalkCache {
  private static final int MAX_ENTRIES = 32;

  final long[] blocks;
  final long[][] pages;
  final int mask;
  /** The table the entries are from, and its unlink sequence when they were taken; null and -1 at first. */
  SharedPageTable table;
  long seq = -1;

  /** A cache of at most 32 blocks, fewer for a guest of fewer 2 MiB blocks ({@code guestBlocks}). */
  public WalkCache(long guestBlocks) {
    int n = 1;
    while (n < MAX_ENTRIES && n < guestBlocks) {
      n <<= 1;
    }
    blocks = new long[n];
    pages = new long[n][];
    mask = n - 1;
    Arrays.fill(blocks, -1L);
  }

  /** The number of blocks it can hold. */
  public int capacity() {
    return blocks.length;
  }

  /** Drops every entry: the table unlinked a page since they were taken, or this walk is of another table. */
  void reset(SharedPageTable newTable, long newSeq) {
    Arrays.fill(blocks, -1L);
    Arrays.fill(pages, null);
    table = newTable;
    seq = newSeq;
  }
}
