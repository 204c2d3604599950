package tdpsim.actors.tlb;

import tdpsim.actors.table.PageLevel;

/**
 * A private translation cache: a vCPU's TLB (guest-physical to host-physical part of the combined translation)
 * or a device's ATS device TLB. Set-associative (4 ways, round-robin replacement), with entries for 4 KiB,
 * 2 MiB and 1 GiB leaves ({@link TlbArray}, shared with the IOTLB, untagged). Not thread-safe: one owner.
 *
 * <p>Simplification: one unified array for all page sizes (real TLBs have per-size arrays), and no guest-virtual
 * part: the simulated accesses are guest-physical.
 */
public final class Tlb extends TlbArray {
  /** Bit {@code level} set when an entry of that level may be cached: lookups skip levels never filled. */
  private int levelsPresent;

  /** A cache of {@code entries} entries (rounded up to a multiple of 4: 4 ways per set). */
  public Tlb(int entries) {
    super(entries, false);
  }

  /** The bytes of entries (keys and values) a {@code Tlb} of {@code entries} holds, without building one. */
  public static long bytesFor(int entries) {
    return (long) sets(entries) * SET_LONGS * Long.BYTES;
  }

  /**
   * The host pfn of {@code gfn}'s 4 KiB page if a cached leaf covers it, else -1. A write misses on an entry
   * cached by a read, because the walk must set the D bit first (as the hardware's dirty-bit assist does).
   */
  public long lookup(long gfn, boolean write) {
    int present = levelsPresent;
    for (int level = 1; level <= 3; level++) {
      if ((present & (1 << level)) == 0) {
        continue;
      }
      long key = TlbKeys.key(gfn, level);
      long r = probe(set(key, 0), key, 0, gfn, PageLevel.pages4k(level) - 1, write);
      if (r != ABSENT) {
        return r;
      }
    }
    return -1;
  }

  /**
   * Cache the leaf at {@code level} that maps {@code gfn} to {@code pfn} (the frame of gfn's 4 KiB page);
   * {@code dirtyKnown} when the walk was for a write (D is set), so later writes hit.
   */
  public void insert(long gfn, int level, long pfn, boolean dirtyKnown) {
    long key = TlbKeys.key(gfn, level);
    fill(set(key, 0), key, 0, gfn, level, pfn, dirtyKnown);
    levelsPresent |= 1 << level;
  }

  /** Drop every entry overlapping {@code [startGfn, endGfn)}; returns entries dropped. */
  public int flushRange(long startGfn, long endGfn) {
    return dropOverlapping(0, sets, 0, startGfn, endGfn);
  }

  /**
   * A remote flush of {@code [startGfn, endGfn)} as the flushing side issues it: by range when the range is
   * smaller than the cache, otherwise the whole context (INVEPT single-context), as KVM falls back to a full
   * flush for large ranges. Returns entries dropped.
   */
  public int flush(long startGfn, long endGfn) {
    return endGfn - startGfn > capacity() ? flushAll() : flushRange(startGfn, endGfn);
  }

  /** Drop everything (INVEPT single-context); returns entries dropped. */
  public int flushAll() {
    levelsPresent = 0;
    return dropAll();
  }
}
