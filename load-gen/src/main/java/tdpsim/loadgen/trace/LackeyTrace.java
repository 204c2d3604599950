package tdpsim.loadgen.trace;

import java.util.Arrays;

/**
 * A parsed lackey trace: for each access, the dense rank of its 4 KiB page among the trace's distinct pages
 * (0 = lowest address) and whether it writes. Immutable; one trace may back many vCPU workloads.
 */
public final class LackeyTrace {
  /** Per access: {@code rank << 1 | write}. */
  private final long[] accesses;
  /** The distinct pages ({@code address >>> 12}), ascending; index = rank. */
  private final long[] pages;

  LackeyTrace(long[] accesses, long[] pages) {
    this.accesses = accesses;
    this.pages = pages;
  }

  /** Number of accesses (I, L, S and M records; an M counts once, as a write). */
  public int size() {
    return accesses.length;
  }

  /** Number of distinct 4 KiB pages the trace touches. */
  public int distinctPages() {
    return pages.length;
  }

  /** Rank of access {@code i}'s page among the distinct pages, in [0, distinctPages()). */
  public int pageRank(int i) {
    return (int) (accesses[i] >>> 1);
  }

  public boolean isWrite(int i) {
    return (accesses[i] & 1L) != 0;
  }

  /** The page ({@code address >>> 12}) with this rank. */
  public long page(int rank) {
    return pages[rank];
  }

  static LackeyTrace of(long[] rawPages, boolean[] writes, int count) {
    long[] distinct = Arrays.copyOf(rawPages, count);
    Arrays.sort(distinct);
    int unique = 0;
    for (int i = 0; i < count; i++) {
      if (i == 0 || distinct[i] != distinct[i - 1]) {
        distinct[unique++] = distinct[i];
      }
    }
    distinct = Arrays.copyOf(distinct, unique);
    long[] accesses = new long[count];
    for (int i = 0; i < count; i++) {
      long rank = Arrays.binarySearch(distinct, rawPages[i]);
      accesses[i] = (rank << 1) | (writes[i] ? 1L : 0L);
    }
    return new LackeyTrace(accesses, distinct);
  }
}
