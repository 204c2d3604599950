package tdpsim.actors.table;

import java.util.concurrent.locks.StampedLock;

/**
 * The table's lock: KVM's single {@code mmu_lock} rwlock cut into stripes by gfn granule, so that faults and
 * zaps on distant ranges do not meet. Granule {@code g = gfn >>> stripeShift} belongs to stripe
 * {@code g & (stripeCount - 1)}; a range takes the stripes of all its granules, in ascending stripe order, or
 * all stripes once it spans at least {@code stripeCount} granules.
 *
 * <p>Each stripe is a {@link StampedLock} used in plain read/write mode, not a {@code
 * ReentrantReadWriteLock}: the fault path takes a stripe shared on every call, and StampedLock's read side is
 * one CAS each way, where ReentrantReadWriteLock also keeps per-thread hold counts (measured: about 18 ns per
 * lock/unlock pair against a 30 ns fault). What StampedLock lacks is an owner, which the lockdep-style
 * assertions need, so this class keeps per-thread hold counts itself, and only when assertions are enabled
 * ({@code -ea}, as in the tests); without {@code -ea} that bookkeeping costs nothing. StampedLock is not
 * reentrant: no operation takes a stripe it already holds, which the same assertions check. Optimistic reads
 * are not used: walkers take no lock at all.
 */
public final class LockStripes {
  private static final boolean TRACK_OWNERS = assertionsEnabled();

  private static final int LOCK_SHARED = 0;
  private static final int UNLOCK_SHARED = 1;
  private static final int LOCK_EXCLUSIVE = 2;
  private static final int UNLOCK_EXCLUSIVE = 3;
  private static final int CHECK_SHARED = 4;
  private static final int CHECK_EXCLUSIVE = 5;

  private final StampedLock[] locks;
  private final int mask;
  private final int shift;
  /** Per thread, per stripe: shared holds (low 16 bits) and exclusive holds (above); only with -ea. */
  private final ThreadLocal<int[]> holds;

  public LockStripes(int stripeCount, int stripeShift) {
    if (stripeCount < 1 || Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("stripeCount must be a power of two, was " + stripeCount);
    }
    locks = new StampedLock[stripeCount];
    for (int i = 0; i < stripeCount; i++) {
      locks[i] = new StampedLock();
    }
    mask = stripeCount - 1;
    shift = stripeShift;
    holds = ThreadLocal.withInitial(() -> new int[stripeCount]);
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
    long granule = startGfn >>> shift;
    if (!TRACK_OWNERS && endGfn > startGfn && granule == (endGfn - 1) >>> shift) {
      // the fault path's common case: one granule, one stripe
      locks[(int) granule & mask].readLock();
      return;
    }
    apply(startGfn, endGfn, LOCK_SHARED);
  }

  public void unlockShared(long startGfn, long endGfn) {
    long granule = startGfn >>> shift;
    if (!TRACK_OWNERS && endGfn > startGfn && granule == (endGfn - 1) >>> shift) {
      locks[(int) granule & mask].tryUnlockRead();
      return;
    }
    apply(startGfn, endGfn, UNLOCK_SHARED);
  }

  public void lockExclusive(long startGfn, long endGfn) {
    apply(startGfn, endGfn, LOCK_EXCLUSIVE);
  }

  public void unlockExclusive(long startGfn, long endGfn) {
    apply(startGfn, endGfn, UNLOCK_EXCLUSIVE);
  }

  /**
   * True if the current thread holds every stripe of the range, shared or exclusive. Only meaningful with
   * assertions enabled (always true otherwise); use it inside {@code assert}.
   */
  public boolean isHeldShared(long startGfn, long endGfn) {
    return !TRACK_OWNERS || apply(startGfn, endGfn, CHECK_SHARED);
  }

  /** As {@link #isHeldShared}, for exclusive holds. */
  public boolean isHeldExclusive(long startGfn, long endGfn) {
    return !TRACK_OWNERS || apply(startGfn, endGfn, CHECK_EXCLUSIVE);
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
    int[] mine = TRACK_OWNERS ? holds.get() : null;
    boolean held = true;
    for (int i = from; i <= to; i++) {
      StampedLock lock = locks[i];
      switch (op) {
        case LOCK_SHARED:
          if (mine != null) {
            checkNotHeld(mine, i);
            mine[i]++;
          }
          lock.readLock();
          break;
        case UNLOCK_SHARED:
          if (mine != null) {
            mine[i]--;
          }
          lock.tryUnlockRead();
          break;
        case LOCK_EXCLUSIVE:
          if (mine != null) {
            checkNotHeld(mine, i);
            mine[i] += 1 << 16;
          }
          lock.writeLock();
          break;
        case UNLOCK_EXCLUSIVE:
          if (mine != null) {
            mine[i] -= 1 << 16;
          }
          lock.tryUnlockWrite();
          break;
        case CHECK_SHARED:
          held &= mine[i] != 0;
          break;
        default:
          held &= (mine[i] >>> 16) != 0;
          break;
      }
    }
    return held;
  }

  private static void checkNotHeld(int[] mine, int stripe) {
    if (mine[stripe] != 0) {
      throw new AssertionError("stripe " + stripe + " already held by this thread: stripes are not reentrant");
    }
  }

  @SuppressWarnings({"AssertWithSideEffects", "UnusedAssignment"})
  private static boolean assertionsEnabled() {
    boolean enabled = false;
    assert enabled = true;
    return enabled;
  }
}
