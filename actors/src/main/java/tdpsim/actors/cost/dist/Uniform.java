package tdpsim.actors.cost.dist;

import java.util.random.RandomGenerator;

/** Uniform on [{@code minNs}, {@code maxNs}]. */
public record Uniform(long minNs, long maxNs) implements CostDistribution {
  public Uniform {
    if (minNs < 0 || maxNs < minNs) {
      throw new IllegalArgumentException("need 0 <= min <= max, got min " + minNs + "ns, max " + maxNs + "ns");
    }
  }

  @Override
  public long sample(RandomGenerator random) {
    return minNs == maxNs ? minNs : minNs + random.nextLong(maxNs - minNs + 1);
  }

  @Override
  public long medianNs() {
    return minNs + (maxNs - minNs) / 2;
  }

  @Override
  public CostDistribution scaled(double factor) {
    return new Uniform(Math.round(minNs * factor), Math.round(maxNs * factor));
  }

  @Override
  public String describe() {
    return "uniform(" + CostDistribution.formatNs(minNs) + " .. " + CostDistribution.formatNs(maxNs) + ")";
  }
}
