package tdpsim.actors.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One hint per lock stripe: the level-1 table page of the last 2 MiB block a 4 KiB fault under that stripe
 * reached, with the table's {@code unlinkSeq} at the time, so that the next fault in the same block skips the
 * descent. Kept in primitive arrays behind a per-slot version (a seqlock) rather than as an immutable object
 * per update: the fault path would otherwise allocate one at every fault that moves to another block.
 *
 * <p>A writer takes the slot by moving its version from even to odd with a CAS (a writer that finds it odd or
 * loses the CAS just skips: it is only a hint), stores the fields, then releases the next even version. A reader
 * reads the version (acquire), the fields, then the version again after an acquire fence, and uses the fields
 * only if both reads saw the same even version. No lock, no allocation.
 */
final class MapHints {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(long[][].class);

  private final long[] version;
  /** gfn >>> 9 of the block, or -1 for none. */
  private final long[] block;
  private final long[] seq;
  private final long[][] page;

  MapHints(int slots) {
    version = new long[slots];
    block = new long[slots];
    seq = new long[slots];
    page = new long[slots][];
    Arrays.fill(block, -1);
  }

  /** The level-1 page remembered in {@code slot} for {@code blockNo} (gfn >>> 9) at {@code seqNow}, or null. */
  long[] page(int slot, long blockNo, long seqNow) {
    long v = (long) LONGS.getAcquire(version, slot);
    if ((v & 1) != 0) {
      return null;
    }
    long b = (long) LONGS.getOpaque(block, slot);
    long s = (long) LONGS.getOpaque(seq, slot);
    long[] p = (long[]) PAGES.getOpaque(page, slot);
    VarHandle.acquireFence();
    if ((long) LONGS.getOpaque(version, slot) != v) {
      return null;
    }
    return b == blockNo && s == seqNow ? p : null;
  }

  /** Remember {@code l1Page} for {@code blockNo} at {@code seqNow} in {@code slot}, unless it is there already. */
  void remember(int slot, long blockNo, long[] l1Page, long seqNow) {
    long v = (long) LONGS.getAcquire(version, slot);
    if ((v & 1) != 0 || (long) LONGS.getOpaque(block, slot) == blockNo && (long) LONGS.getOpaque(seq, slot) == seqNow
        && PAGES.getOpaque(page, slot) == l1Page) {
      return;
    }
    if (!LONGS.compareAndSet(version, slot, v, v + 1)) {
      return;
    }
    LONGS.setOpaque(block, slot, blockNo);
    LONGS.setOpaque(seq, slot, seqNow);
    PAGES.setOpaque(page, slot, l1Page);
    LONGS.setRelease(version, slot, v + 2);
  }
}
