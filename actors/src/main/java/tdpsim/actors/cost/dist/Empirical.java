package tdpsim.actors.cost.dist;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An empirical histogram: value {@code values[i]} with weight {@code weights[i]}. A draw picks a bin with
 * probability proportional to its weight (binary search over the precomputed cumulative weights) and returns its
 * value. {@code source} names the file it came from, for reports and docs.
 */
public final class Empirical implements CostDistribution {
  private final String source;
  private final long[] values;
  private final double[] cumulative;
  private final long medianNs;

  public Empirical(String source, long[] values, double[] weights) {
    if (values.length == 0 || values.length != weights.length) {
      throw new IllegalArgumentException("need at least one row of value and weight");
    }
    this.source = source;
    this.values = values.clone();
    this.cumulative = new double[weights.length];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (values[i] < 0) {
        throw new IllegalArgumentException("row " + (i + 1) + ": value must not be negative: " + values[i] + "ns");
      }
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("row " + (i + 1) + ": weight must be a finite number >= 0: "
            + weights[i]);
      }
      total += weights[i];
      cumulative[i] = total;
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("the weights sum to 0");
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= total;
    }
    cumulative[cumulative.length - 1] = 1.0;
    this.medianNs = valueAt(0.5);
  }

  private long valueAt(double u) {
    int i = Arrays.binarySearch(cumulative, u);
    if (i < 0) {
      i = -i - 1;
    }
    // Skip zero-weight bins that share the cumulative value of the bin before them.
    while (i > 0 && cumulative[i - 1] >= u) {
      i--;
    }
    return values[Math.min(i, values.length - 1)];
  }

  @Override
  public long sample(RandomGenerator random) {
    double u = random.nextDouble();
    int i = Arrays.binarySearch(cumulative, u);
    if (i < 0) {
      i = -i - 1;
    } else {
      i++;
    }
    return values[Math.min(i, values.length - 1)];
  }

  @Override
  public long medianNs() {
    return medianNs;
  }

  @Override
  public CostDistribution scaled(double factor) {
    long[] v = new long[values.length];
    double[] w = new double[values.length];
    double prev = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.round(values[i] * factor);
      w[i] = cumulative[i] - prev;
      prev = cumulative[i];
    }
    return new Empirical(source, v, w);
  }

  @Override
  public String describe() {
    return "empirical(" + source + ", median " + CostDistribution.formatNs(medianNs) + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Empirical e && e.source.equals(source) && Arrays.equals(e.values, values)
        && Arrays.equals(e.cumulative, cumulative);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return describe();
  }
}
