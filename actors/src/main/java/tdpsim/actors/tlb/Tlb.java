package tdpsim.actors.tlb;

import tdpsim.actors.table.PageLevel;

/**
 * A private translation cache: a vCPU's TLB (guest-physical to host-physical part of the combined translation)
 * or a device's ATS device TLB. Set-associative (4 ways, round-robin replacement), with entries for 4 KiB,
 * 2 MiB and 1 GiB leaves. Primitive arrays only; not thread-safe: one owner.
 *
 * <p>Simplification: one unified array for all page sizes (real TLBs have per-size arrays), and no guest-virtual
 * part: the simulated accesses are guest-physical.
 */
public final class Tlb {
  private static final int WAYS = 4;

  private final long[] keys;
  private final long[] pfns;
  private final boolean[] dirty;
  private final byte[] victim;
  private final int setMask;
  private int levelsPresent;

  /** A cache of at least {@code entries} entries (rounded up to a power of two, 4 ways per set). */
  public Tlb(int entries) {
    int sets = Integer.highestOneBit(Math.max(1, (entries + WAYS - 1) / WAYS));
    if (sets * WAYS < entries) {
      sets <<= 1;
    }
    keys = new long[sets * WAYS];
    pfns = new long[sets * WAYS];
    dirty = new boolean[sets * WAYS];
    victim = new byte[sets];
    setMask = sets - 1;
  }

  public int capacity() {
    return keys.length;
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
      int shift = PageLevel.gfnShift(level);
      long key = TlbKeys.key(gfn, level);
      int base = set(key) * WAYS;
      for (int w = 0; w < WAYS; w++) {
        if (keys[base + w] == key) {
          if (write && !dirty[base + w]) {
            return -1;
          }
          return pfns[base + w] + (gfn & ((1L << shift) - 1));
        }
      }
    }
    return -1;
  }

  /**
   * Cache the leaf at {@code level} that maps {@code gfn} to {@code pfn} (the frame of gfn's 4 KiB page);
   * {@code dirtyKnown} when the walk was for a write (D is set), so later writes hit.
   */
  public void insert(long gfn, int level, long pfn, boolean dirtyKnown) {
    int shift = PageLevel.gfnShift(level);
    long offset = gfn & ((1L << shift) - 1);
    long key = TlbKeys.key(gfn, level);
    int set = set(key);
    int base = set * WAYS;
    int way = -1;
    for (int w = 0; w < WAYS; w++) {
      if (keys[base + w] == key) {
        way = w;
        break;
      }
    }
    if (way < 0) {
      way = victim[set];
      victim[set] = (byte) ((way + 1) & (WAYS - 1));
    }
    keys[base + way] = key;
    pfns[base + way] = pfn - offset;
    dirty[base + way] = dirtyKnown;
    levelsPresent |= 1 << level;
  }

  /** Drop every entry overlapping {@code [startGfn, endGfn)}; returns entries dropped. */
  public int flushRange(long startGfn, long endGfn) {
    int dropped = 0;
    for (int i = 0; i < keys.length; i++) {
      long k = keys[i];
      if ((k & TlbKeys.VALID) == 0) {
        continue;
      }
      if (TlbKeys.overlaps(k, startGfn, endGfn)) {
        keys[i] = 0;
        dropped++;
      }
    }
    return dropped;
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
    int dropped = 0;
    for (int i = 0; i < keys.length; i++) {
      if ((keys[i] & TlbKeys.VALID) != 0) {
        dropped++;
      }
      keys[i] = 0;
    }
    levelsPresent = 0;
    return dropped;
  }

  private int set(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & setMask;
  }
}
