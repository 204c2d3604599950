package tdpsim.actors.tlb;

import tdpsim.actors.table.PageLevel;

/**
 * The entry key both translation caches use: the leaf-aligned page number of a gfn at a leaf level, with the
 * level in the low two bits and a valid bit on top, so one compare matches page and size.
 */
final class TlbKeys {
  /** Set on every cached entry; 0 is an empty slot. */
  static final long VALID = 1L << 63;

  /** 1 for a valid key, 0 for an empty slot, without a branch (VALID is the sign bit). */
  static int valid(long key) {
    return (int) (key >>> 63);
  }

  private TlbKeys() {}

  /** The valid key of the leaf at {@code level} (1..3) that covers {@code gfn}. */
  static long key(long gfn, int level) {
    return (((gfn >>> PageLevel.gfnShift(level)) << 2) | level) | VALID;
  }

  /** True when the valid entry {@code key} maps any gfn of {@code [startGfn, endGfn)}. */
  static boolean overlaps(long key, long startGfn, long endGfn) {
    int shift = PageLevel.gfnShift((int) (key & 3));
    long first = ((key & ~VALID) >>> 2) << shift;
    return first < endGfn && first + (1L << shift) > startGfn;
  }
}
