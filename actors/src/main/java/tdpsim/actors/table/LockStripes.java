package tdpsim.actors.table;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The table's lock: KVM's single {@code mmu_lock} rwlock cut into stripes by gfn granule, so that faults and
 * zaps on distant ranges do not meet. Granule {@code g = gfn >>> stripeShift} belongs to stripe
 * {@code g & (stripeCount - 1)}; a range takes the stripes of all its granules, in ascending stripe order, or
 * all stripes once it spans at least {@code stripeCount} granules.
 *
 * <p>Each stripe is a {@link ReentrantReadWriteLock} rather than a {@link
 * java.util.concurrent.locks.StampedLock}: it knows its owner, so every method that needs a lock can assert it
 * ({@code assert stripes.isHeldShared(...)}, the lockdep analogue, checked with {@code -ea}), and it tolerates
 * reentry of the read side. StampedLock's optimistic reads would only help walkers, and walkers take no lock.
 */
public final class LockStripes {
  private static final int LOCK_SHARED = 0;
  private static final int UNLOCK_SHARED = 1;
  private static final int LOCK_EXCLUSIVE = 2;
  private static final int UNLOCK_EXCLUSIVE = 3;
  private static final int CHECK_SHARED = 4;
  private static final int CHECK_EXCLUSIVE = 5;

  private final ReentrantReadWriteLock[] locks;
  private final int mask;
  private final int shift;

  public LockStripes(int stripeCount, int stripeShift) {
    if (stripeCount < 1 || Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("stripeCount must be a power of two, was " + stripeCount);
    }
    locks = new ReentrantReadWriteLock[stripeCount];
    for (int i = 0; i < stripeCount; i++) {
      locks[i] = new ReentrantReadWriteLock();
    }
    mask = stripeCount - 1;
    shift = stripeShift;
  }

  public int stripeCount() {
    return locks.length;
  }

  /** Stripe that owns {@code gfn}. */
  public int stripeOf(long gfn) {
    return (int) (gfn >>> shift) & mask;
  }

  /** Number of stripes the range {@code [startGfn, endGfn)} takes. */
  public int stripesCovering(long startGfn, long endGfn) {
    long granules = ((endGfn - 1) >>> shift) - (startGfn >>> shift) + 1;
    return (int) Math.min(granules, locks.length);
  }

  public void lockShared(long startGfn, long endGfn) {
    apply(startGfn, endGfn, LOCK_SHARED);
  }

  public void unlockShared(long startGfn, long endGfn) {
    apply(startGfn, endGfn, UNLOCK_SHARED);
  }

  public void lockExclusive(long startGfn, long endGfn) {
    apply(startGfn, endGfn, LOCK_EXCLUSIVE);
  }

  public void unlockExclusive(long startGfn, long endGfn) {
    apply(startGfn, endGfn, UNLOCK_EXCLUSIVE);
  }

  /** True if the current thread holds every stripe of the range, shared or exclusive. */
  public boolean isHeldShared(long startGfn, long endGfn) {
    return apply(startGfn, endGfn, CHECK_SHARED);
  }

  /** True if the current thread holds every stripe of the range exclusively. */
  public boolean isHeldExclusive(long startGfn, long endGfn) {
    return apply(startGfn, endGfn, CHECK_EXCLUSIVE);
  }

  private boolean apply(long startGfn, long endGfn, int op) {
    if (endGfn <= startGfn) {
      throw new IllegalArgumentException("empty gfn range [" + startGfn + ", " + endGfn + ")");
    }
    long first = startGfn >>> shift;
    long last = (endGfn - 1) >>> shift;
    if (last - first + 1 >= locks.length) {
      return applyTo(0, mask, op);
    }
    int a = (int) first & mask;
    int b = (int) last & mask;
    if (a <= b) {
      return applyTo(a, b, op);
    }
    // wrapped around the stripe array: still ascending, low part first
    boolean low = applyTo(0, b, op);
    return applyTo(a, mask, op) && low;
  }

  private boolean applyTo(int from, int to, int op) {
    boolean held = true;
    for (int i = from; i <= to; i++) {
      ReentrantReadWriteLock lock = locks[i];
      switch (op) {
        case LOCK_SHARED:
          lock.readLock().lock();
          break;
        case UNLOCK_SHARED:
          lock.readLock().unlock();
          break;
        case LOCK_EXCLUSIVE:
          lock.writeLock().lock();
          break;
        case UNLOCK_EXCLUSIVE:
          lock.writeLock().unlock();
          break;
        case CHECK_SHARED:
          held &= lock.getReadHoldCount() > 0 || lock.isWriteLockedByCurrentThread();
          break;
        default:
          held &= lock.isWriteLockedByCurrentThread();
          break;
      }
    }
    return held;
  }
}
