package tdpsim.actors.tlb;

import java.util.Arrays;
import tdpsim.actors.table.PageLevel;

/**
 * The set-associative array both translation caches are built on: 4 ways per set, round-robin replacement,
 * one entry per cached leaf ({@link TlbKeys}), optionally tagged by domain (the IOTLB's domain id; an untagged
 * cache matches every entry as domain 0). Lookup, fill and drop are written here once; the subclasses add who
 * may call them concurrently. Primitive arrays only, no locking of its own.
 */
abstract sealed class TlbArray permits Tlb, Iotlb {
  static final int WAYS = 4;
  /** Longs per set: the {@code WAYS} keys, then the {@code WAYS} values. */
  static final int SET_LONGS = 2 * WAYS;
  /** What {@link #probe} returns when no way of the set holds the key. */
  static final long ABSENT = Long.MIN_VALUE;

  /**
   * Per set, its {@code WAYS} keys ({@link TlbKeys}; 0 is an empty way) and then their values: the pfn of the
   * entry's first 4 KiB page shifted left by one, with the low bit set when the walk that cached it set (or
   * found) its D bit. One set is 64 bytes, so a probe reads its keys and its pfn from one or two adjacent cache
   * lines, where three parallel arrays (keys, pfns, dirty flags) cost three misses on a cold set.
   */
  final long[] slots;
  /** The domain of each entry (index {@code set * WAYS + way}), or null for an untagged cache. */
  final int[] domains;
  /** The next way each set replaces. */
  final byte[] victim;
  /** Sets of {@code WAYS} entries. */
  final int sets;
  /** {@code sets - 1} when {@code sets} is a power of two (the set is then the hash's low bits), else -1. */
  private final int setMask;

  /** {@code entries} entries, rounded up to a multiple of 4 (sets of 4 ways): a 1,536-entry TLB has 384 sets. */
  TlbArray(int entries, boolean tagged) {
    sets = sets(entries);
    slots = new long[sets * SET_LONGS];
    domains = tagged ? new int[sets * WAYS] : null;
    victim = new byte[sets];
    setMask = Integer.bitCount(sets) == 1 ? sets - 1 : -1;
  }

  public int capacity() {
    return sets * WAYS;
  }

  /** The sets a cache of {@code entries} entries gets: 4 ways each, at least one set. */
  static int sets(int entries) {
    return Math.max(1, (entries + WAYS - 1) / WAYS);
  }

  /**
   * The set of {@code key} in {@code domain} (0 for an untagged cache), from a multiplicative hash: for a power
   * of two of sets, the low bits of its bits 40 and up; else its high 32 bits scaled to {@code [0, sets)} by a
   * multiply and a shift (no division on the access path).
   */
  final int set(long key, int domain) {
    long h = (key ^ ((long) domain << 41)) * 0x9E3779B97F4A7C15L;
    return setMask >= 0 ? (int) (h >>> 40) & setMask : (int) (((h >>> 32) * sets) >>> 32);
  }

  /** The way of {@code set} that holds {@code key} of {@code domain}, or -1. */
  private int way(int set, long key, int domain) {
    int base = set * SET_LONGS;
    if (domains == null) {
      // Without a branch per way: which way holds a key is random, so a loop that stops at the match
      // mispredicts its exit on most hits.
      int match = (slots[base] == key ? 1 : 0) | (slots[base + 1] == key ? 2 : 0)
          | (slots[base + 2] == key ? 4 : 0) | (slots[base + 3] == key ? 8 : 0);
      return match == 0 ? -1 : Integer.numberOfTrailingZeros(match);
    }
    for (int w = 0; w < WAYS; w++) {
      if (slots[base + w] == key && domains[set * WAYS + w] == domain) {
        return w;
      }
    }
    return -1;
  }

  /**
   * The pfn of {@code gfn}'s 4 KiB page if {@code set} holds {@code key} (a leaf whose gfn offset mask is
   * {@code offsetMask}), -1 if it does but a write finds its D bit unknown (the walk must set it first, as the
   * hardware's dirty-bit assist does), {@link #ABSENT} if the set does not hold it.
   */
  final long probe(int set, long key, int domain, long gfn, long offsetMask, boolean write) {
    int w = way(set, key, domain);
    if (w < 0) {
      return ABSENT;
    }
    long value = slots[set * SET_LONGS + WAYS + w];
    if (write && (value & 1) == 0) {
      return -1;
    }
    return (value >> 1) + (gfn & offsetMask);
  }

  /**
   * Caches the leaf at {@code level} that maps {@code gfn} to {@code pfn} (the frame of gfn's 4 KiB page) in
   * the way that already holds it, else in the set's next victim; {@code dirtyKnown} when the walk was for a
   * write (D is set), so later writes hit. The caller holds whatever guards the set.
   */
  final void fill(int set, long key, int domain, long gfn, int level, long pfn, boolean dirtyKnown) {
    long offset = gfn & (PageLevel.pages4k(level) - 1);
    int way = way(set, key, domain);
    if (way < 0) {
      way = victim[set];
      victim[set] = (byte) ((way + 1) & (WAYS - 1));
    }
    int base = set * SET_LONGS;
    slots[base + way] = key;
    slots[base + WAYS + way] = ((pfn - offset) << 1) | (dirtyKnown ? 1 : 0);
    if (domains != null) {
      domains[set * WAYS + way] = domain;
    }
  }

  /**
   * Drops the entries of {@code domain} in sets {@code [fromSet, toSet)} that map any gfn of
   * {@code [startGfn, endGfn)}; returns how many. The caller holds whatever guards those sets.
   */
  final int dropOverlapping(int fromSet, int toSet, int domain, long startGfn, long endGfn) {
    int dropped = 0;
    for (int set = fromSet; set < toSet; set++) {
      int base = set * SET_LONGS;
      for (int w = 0; w < WAYS; w++) {
        long k = slots[base + w];
        if ((k & TlbKeys.VALID) == 0 || domains != null && domains[set * WAYS + w] != domain) {
          continue;
        }
        if (TlbKeys.overlaps(k, startGfn, endGfn)) {
          slots[base + w] = 0;
          dropped++;
        }
      }
    }
    return dropped;
  }

  /** Empties every set; returns the entries dropped. */
  final int dropAll() {
    // Counted without a branch: which ways are valid is random, and a branch on it mispredicted about half the
    // time, several ns per entry of a 2,048-entry TLB at every remote flush.
    int dropped = 0;
    for (int base = 0; base < slots.length; base += SET_LONGS) {
      for (int w = 0; w < WAYS; w++) {
        dropped += TlbKeys.valid(slots[base + w]);
      }
    }
    Arrays.fill(slots, 0L);
    return dropped;
  }
}
