package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;

/**
 * {@code random.nextLong(bound)} for one fixed bound, without its 64-bit division: the same values from the same
 * stream, so a workload's accesses do not change. The JDK (17, {@code RandomSupport.boundedNextLong}) takes
 * {@code r = nextLong()}; for a power of two it returns {@code r & (bound - 1)}, otherwise {@code u % bound} with
 * {@code u = r >>> 1}, drawing again while {@code u} falls in the last, incomplete multiple of the bound. The
 * remainder here comes from a reciprocal computed once, {@code m = floor(2^64 / bound)}: {@code q =
 * mulhi(u, m)} is {@code u / bound} or one less, so one compare corrects it: a multiply-high, a multiply and a
 * compare instead of a 64-bit {@code idiv} once per simulated access. Measured alone, the sequential replay of
 * the built-in default took 0.94x the CPU time per access with it (5 alternating process pairs); together with
 * the other speed-ups of that session the difference was within the machine's noise (docs/performance.md).
 * Checked against the JDK, value by value and stream position by stream position, in {@code BoundedDrawTest}.
 */
final class BoundedDraw {
  private final long bound;
  private final long mask;
  private final long reciprocal;

  BoundedDraw(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    this.bound = bound;
    this.mask = (bound & (bound - 1)) == 0 ? bound - 1 : -1;
    // Not a power of two, so 2^64 / bound is not whole and equals (2^64 - 1) / bound; below 2^63 as bound >= 3.
    this.reciprocal = mask >= 0 ? 0 : Long.divideUnsigned(-1L, bound);
  }

  /** Exactly {@code random.nextLong(bound)} for this draw's bound, consuming the same draws. */
  long next(SplittableRandom random) {
    long r = random.nextLong();
    if (mask >= 0) {
      return r & mask;
    }
    long m = bound - 1;
    for (long u = r >>> 1; ; u = random.nextLong() >>> 1) {
      long rem = u - Math.multiplyHigh(u, reciprocal) * bound;
      if (rem >= bound) {
        rem -= bound;
      }
      if (u + m - rem >= 0) {
        return rem;
      }
    }
  }
}
