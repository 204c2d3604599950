package tdpsim.actors.tlb;

import tdpsim.actors.table.PageLevel;

/**
 * The set-associative array both translation caches are built on: 4 ways per set, round-robin replacement,
 * one entry per cached leaf ({@link TlbKeys}), optionally tagged by domain (the IOTLB's domain id; an untagged
 * cache matches every entry as domain 0). Lookup, fill and drop are written here once; the subclasses add who
 * may call them concurrently. Primitive arrays only, no locking of its own.
 */
abstract sealed class TlbArray permits Tlb, Iotlb {
  static final int WAYS = 4;
  /** What {@link #probe} returns when no way of the set holds the key. */
  static final long ABSENT = Long.MIN_VALUE;

  /** The entry keys, {@code WAYS} per set; 0 is an empty way. */
  final long[] keys;
  /** The domain of each entry, or null for an untagged cache. */
  final int[] domains;
  /** The pfn of the first 4 KiB page each entry maps. */
  final long[] pfns;
  /** Whether the walk that cached the entry set (or found) its D bit. */
  final boolean[] dirty;
  /** The next way each set replaces. */
  final byte[] victim;
  final int setMask;

  /** At least {@code entries} entries, rounded up to a power of two of sets of 4 ways. */
  TlbArray(int entries, boolean tagged) {
    int sets = Integer.highestOneBit(Math.max(1, (entries + WAYS - 1) / WAYS));
    if (sets * WAYS < entries) {
      sets <<= 1;
    }
    keys = new long[sets * WAYS];
    domains = tagged ? new int[sets * WAYS] : null;
    pfns = new long[sets * WAYS];
    dirty = new boolean[sets * WAYS];
    victim = new byte[sets];
    setMask = sets - 1;
  }

  public int capacity() {
    return keys.length;
  }

  /** The set of {@code key} in {@code domain} (0 for an untagged cache). */
  final int set(long key, int domain) {
    long h = (key ^ ((long) domain << 41)) * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & setMask;
  }

  /** The way of {@code set} that holds {@code key} of {@code domain}, or -1. */
  private int way(int set, long key, int domain) {
    int base = set * WAYS;
    for (int w = 0; w < WAYS; w++) {
      if (keys[base + w] == key && (domains == null || domains[base + w] == domain)) {
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
    int i = set * WAYS + w;
    if (write && !dirty[i]) {
      return -1;
    }
    return pfns[i] + (gfn & offsetMask);
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
    int i = set * WAYS + way;
    keys[i] = key;
    if (domains != null) {
      domains[i] = domain;
    }
    pfns[i] = pfn - offset;
    dirty[i] = dirtyKnown;
  }

  /**
   * Drops the entries of {@code domain} in ways {@code [from, to)} that map any gfn of
   * {@code [startGfn, endGfn)}; returns how many. The caller holds whatever guards those ways.
   */
  final int dropOverlapping(int from, int to, int domain, long startGfn, long endGfn) {
    int dropped = 0;
    for (int i = from; i < to; i++) {
      long k = keys[i];
      if ((k & TlbKeys.VALID) == 0 || domains != null && domains[i] != domain) {
        continue;
      }
      if (TlbKeys.overlaps(k, startGfn, endGfn)) {
        keys[i] = 0;
        dropped++;
      }
    }
    return dropped;
  }
}
