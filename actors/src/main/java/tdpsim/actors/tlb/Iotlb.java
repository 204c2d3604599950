package tdpsim.actors.tlb;

import java.util.concurrent.atomic.AtomicLongArray;
import tdpsim.actors.table.PageLevel;

/**
 * An IOMMU unit's IOTLB: one cache for the devices of many VMs, tagged by domain (here the VM index), as the
 * VT-d IOTLB is tagged by domain id. Devices look it up on their DMA path (the hardware side) while the IOMMU
 * actor invalidates it (the software side: invalidation queue), so it is thread-safe: lock-striped by set, no
 * global lock. The array itself is {@link TlbArray}, shared with the vCPU and device TLB.
 *
 * <p>A device walks the table on its own thread and fills the IOTLB afterwards, so a walk that read an entry
 * before a change (a zap, a write-protection) could fill the IOTLB after the invalidation that followed the
 * change had already dropped the range: a stale entry would outlive a completed invalidation. Hardware does not
 * allow this: once the wait descriptor of an invalidation completes, no translation fetched before it is cached.
 * So each domain has an invalidation sequence: a walker reads it ({@link #invalidationSeq}) before its walk, every
 * invalidation bumps it before it drops entries, and {@link #insert} caches nothing when it has moved.
 */
public final class Iotlb extends TlbArray {
  private static final int LOCK_STRIPES = 64;
  /** Invalidation sequences are kept per domain modulo this: domains sharing one only skip a few more fills. */
  private static final int SEQ_STRIPES = 64;

  private final Object[] locks = new Object[LOCK_STRIPES];
  private final AtomicLongArray invalidationSeqs = new AtomicLongArray(SEQ_STRIPES);

  public Iotlb(int entries) {
    super(entries, true);
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * The host pfn of {@code gfn}'s 4 KiB page in {@code domain}, or -1 on a miss. A write misses on an entry
   * cached by a read: the walk must set the D bit, as a second-stage table with A/D bits enabled requires.
   */
  public long lookup(int domain, long gfn, boolean write) {
    for (int level = 1; level <= 3; level++) {
      long key = TlbKeys.key(gfn, level);
      int set = set(key, domain);
      long r;
      synchronized (locks[set & (LOCK_STRIPES - 1)]) {
        r = probe(set, key, domain, gfn, PageLevel.pages4k(level) - 1, write);
      }
      if (r != ABSENT) {
        return r;
      }
    }
    return -1;
  }

  /** Read before a walk whose result goes to {@link #insert}: the domain's invalidations so far. */
  public long invalidationSeq(int domain) {
    return invalidationSeqs.get(domain & (SEQ_STRIPES - 1));
  }

  /**
   * Cache a leaf of {@code domain} at {@code level} mapping {@code gfn} to {@code pfn}, found by a walk that
   * began when {@link #invalidationSeq} was {@code seq}. Returns false, caching nothing, when an invalidation of
   * the domain began since: the walk may have read what that invalidation removed.
   */
  public boolean insert(int domain, long gfn, int level, long pfn, boolean dirtyKnown, long seq) {
    long key = TlbKeys.key(gfn, level);
    int set = set(key, domain);
    synchronized (locks[set & (LOCK_STRIPES - 1)]) {
      if (invalidationSeq(domain) != seq) {
        return false;
      }
      fill(set, key, domain, gfn, level, pfn, dirtyKnown);
      return true;
    }
  }

  /** Page-selective invalidation of {@code [startGfn, endGfn)} in {@code domain}; returns entries dropped. */
  public int invalidateRange(int domain, long startGfn, long endGfn) {
    // Before any set is dropped: a fill that takes a set's lock after its drop sees the new sequence.
    invalidationSeqs.incrementAndGet(domain & (SEQ_STRIPES - 1));
    int dropped = 0;
    for (int set = 0; set < sets; set++) {
      synchronized (locks[set & (LOCK_STRIPES - 1)]) {
        dropped += dropOverlapping(set, set + 1, domain, startGfn, endGfn);
      }
    }
    return dropped;
  }

  /** Domain-selective invalidation: drop every entry of {@code domain}; returns entries dropped. */
  public int invalidateDomain(int domain) {
    return invalidateRange(domain, 0, Long.MAX_VALUE);
  }
}
