package tdpsim.actors.cost.dist;

import java.util.random.RandomGenerator;

/**
 * Lognormal given by its median and its 99th percentile: ln X ~ N(mu, sigma²) with mu = ln(median) and
 * sigma = ln(p99 / median) / z(0.99). Heavy right tail, never negative: the shape of a fault path that usually
 * takes its median and sometimes waits on a lock or an allocation. mu and sigma are computed once here.
 */
public final class LogNormal implements CostDistribution {
  /** The standard normal quantile at 0.99. */
  public static final double Z99 = 2.3263478740408408;

  private final long medianNs;
  private final long p99Ns;
  private final double mu;
  private final double sigma;

  public LogNormal(long medianNs, long p99Ns) {
    if (medianNs <= 0 || p99Ns < medianNs) {
      throw new IllegalArgumentException("need 0 < median <= p99, got median " + medianNs + "ns, p99 " + p99Ns + "ns");
    }
    this.medianNs = medianNs;
    this.p99Ns = p99Ns;
    this.mu = Math.log(medianNs);
    this.sigma = Math.log((double) p99Ns / medianNs) / Z99;
  }

  public long p99Ns() {
    return p99Ns;
  }

  /** The value at the quantile whose standard normal score is {@code z} (z(0.99) = {@link #Z99}). */
  public double quantileAtZ(double z) {
    return Math.exp(mu + sigma * z);
  }

  @Override
  public long sample(RandomGenerator random) {
    // RandomGenerator.nextGaussian is a ziggurat over static tables: no allocation per draw.
    return Math.round(Math.exp(mu + sigma * random.nextGaussian()));
  }

  @Override
  public long medianNs() {
    return medianNs;
  }

  @Override
  public CostDistribution scaled(double factor) {
    return new LogNormal(Math.max(1, Math.round(medianNs * factor)), Math.max(1, Math.round(p99Ns * factor)));
  }

  @Override
  public String describe() {
    return "lognormal(median " + CostDistribution.formatNs(medianNs) + ", p99 " + CostDistribution.formatNs(p99Ns)
        + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogNormal l && l.medianNs == medianNs && l.p99Ns == p99Ns;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(medianNs) * 31 + Long.hashCode(p99Ns);
  }

  @Override
  public String toString() {
    return describe();
  }
}
