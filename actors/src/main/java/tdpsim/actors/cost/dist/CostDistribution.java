package tdpsim.actors.cost.dist;

import java.util.random.RandomGenerator;

/**
 * The distribution of one cost, in virtual nanoseconds. {@link #sample} draws from the caller's own stream (an
 * entity's seeded {@code SplittableRandom}), so runs stay reproducible; a {@link Constant} consumes no randomness,
 * so an all-constant cost model draws exactly what it did before distributions existed.
 */
public sealed interface CostDistribution permits Constant, Uniform, LogNormal, Empirical {

  /** One draw, in ns, never negative. Allocates nothing. */
  long sample(RandomGenerator random);

  /** The median in ns: the value a constant model would use, and what reports and docs call the default. */
  long medianNs();

  /** The same shape with every value multiplied by {@code factor} (> 0): what a sensitivity run varies. */
  CostDistribution scaled(double factor);

  /** The distribution in the reference.conf form, e.g. {@code lognormal(median 2us, p99 24us)}. */
  String describe();

  /** True when every draw is the same value. */
  default boolean isConstant() {
    return false;
  }

  /** A duration in ns as the shortest exact unit (1500ns, 2us, 40ms). */
  static String formatNs(long ns) {
    if (ns != 0 && ns % 1_000_000_000L == 0) {
      return ns / 1_000_000_000L + "s";
    }
    if (ns != 0 && ns % 1_000_000L == 0) {
      return ns / 1_000_000L + "ms";
    }
    if (ns != 0 && ns % 1_000L == 0) {
      return ns / 1_000L + "us";
    }
    return ns + "ns";
  }
}
