package tdpsim.actors.cost.dist;

import java.util.random.RandomGenerator;

/** Every draw is {@code ns}; draws consume no randomness. */
public record Constant(long ns) implements CostDistribution {
  public Constant {
    if (ns < 0) {
      throw new IllegalArgumentException("must not be negative: " + ns + "ns");
    }
  }

  @Override
  public long sample(RandomGenerator random) {
    return ns;
  }

  @Override
  public long medianNs() {
    return ns;
  }

  @Override
  public CostDistribution scaled(double factor) {
    return new Constant(Math.round(ns * factor));
  }

  @Override
  public String describe() {
    return CostDistribution.formatNs(ns);
  }

  @Override
  public boolean isConstant() {
    return true;
  }
}
