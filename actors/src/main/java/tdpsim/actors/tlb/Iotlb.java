package tdpsim.actors.tlb;

import tdpsim.actors.table.PageLevel;

/**
 * An IOMMU unit's IOTLB: one cache for the devices of many VMs, tagged by domain (here the VM index), as the
 * VT-d IOTLB is tagged by domain id. Devices look it up on their DMA path (the hardware side) while the IOMMU
 * actor invalidates it (the software side: invalidation queue), so it is thread-safe: lock-striped by set, no
 * global lock.
 */
public final class Iotlb {
  private static final int WAYS = 4;
  private static final int LOCK_STRIPES = 64;

  private final long[] keys;
  private final int[] domains;
  private final long[] pfns;
  private final boolean[] dirty;
  private final byte[] victim;
  private final int setMask;
  private final Object[] locks = new Object[LOCK_STRIPES];

  public Iotlb(int entries) {
    int sets = Integer.highestOneBit(Math.max(1, (entries + WAYS - 1) / WAYS));
    if (sets * WAYS < entries) {
      sets <<= 1;
    }
    keys = new long[sets * WAYS];
    domains = new int[sets * WAYS];
    pfns = new long[sets * WAYS];
    dirty = new boolean[sets * WAYS];
    victim = new byte[sets];
    setMask = sets - 1;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  public int capacity() {
    return keys.length;
  }

  /**
   * The host pfn of {@code gfn}'s 4 KiB page in {@code domain}, or -1 on a miss. A write misses on an entry
   * cached by a read: the walk must set the D bit, as a second-stage table with A/D bits enabled requires.
   */
  public long lookup(int domain, long gfn, boolean write) {
    for (int level = 1; level <= 3; level++) {
      int shift = PageLevel.gfnShift(level);
      long key = TlbKeys.key(gfn, level);
      int set = set(key, domain);
      int base = set * WAYS;
      synchronized (locks[set & (LOCK_STRIPES - 1)]) {
        for (int w = 0; w < WAYS; w++) {
          if (keys[base + w] == key && domains[base + w] == domain) {
            if (write && !dirty[base + w]) {
              return -1;
            }
            return pfns[base + w] + (gfn & ((1L << shift) - 1));
          }
        }
      }
    }
    return -1;
  }

  /** Cache a leaf of {@code domain} at {@code level} mapping {@code gfn} to {@code pfn}. */
  public void insert(int domain, long gfn, int level, long pfn, boolean dirtyKnown) {
    int shift = PageLevel.gfnShift(level);
    long offset = gfn & ((1L << shift) - 1);
    long key = TlbKeys.key(gfn, level);
    int set = set(key, domain);
    int base = set * WAYS;
    synchronized (locks[set & (LOCK_STRIPES - 1)]) {
      int way = -1;
      for (int w = 0; w < WAYS; w++) {
        if (keys[base + w] == key && domains[base + w] == domain) {
          way = w;
          break;
        }
      }
      if (way < 0) {
        way = victim[set];
        victim[set] = (byte) ((way + 1) & (WAYS - 1));
      }
      keys[base + way] = key;
      domains[base + way] = domain;
      pfns[base + way] = pfn - offset;
      dirty[base + way] = dirtyKnown;
    }
  }

  /** Page-selective invalidation of {@code [startGfn, endGfn)} in {@code domain}; returns entries dropped. */
  public int invalidateRange(int domain, long startGfn, long endGfn) {
    int dropped = 0;
    for (int set = 0; set <= setMask; set++) {
      synchronized (locks[set & (LOCK_STRIPES - 1)]) {
        for (int i = set * WAYS; i < set * WAYS + WAYS; i++) {
          long k = keys[i];
          if ((k & TlbKeys.VALID) == 0 || domains[i] != domain) {
            continue;
          }
          if (TlbKeys.overlaps(k, startGfn, endGfn)) {
            keys[i] = 0;
            dropped++;
          }
        }
      }
    }
    return dropped;
  }

  /** Domain-selective invalidation: drop every entry of {@code domain}; returns entries dropped. */
  public int invalidateDomain(int domain) {
    return invalidateRange(domain, 0, Long.MAX_VALUE);
  }

  private int set(long key, int domain) {
    long h = (key ^ ((long) domain << 41)) * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & setMask;
  }
}
