package tdpsim.actors.cost;

import java.util.SplittableRandom;
import tdpsim.actors.cost.dist.Constant;
import tdpsim.actors.cost.dist.CostDistribution;

/**
 * One entity's cost draws: the model's distributions and the entity's own random stream, seeded from the
 * scenario seed and the entity's identity, so draws do not depend on which thread or which other entity ran
 * first and {@code --deterministic} reports stay byte-identical. A draw allocates nothing; a constant key
 * consumes no randomness. Not thread-safe: one per entity (actor).
 */
public final class CostDraws {
  /** Entity kinds, mixed into the seed so that no two entities share a stream. */
  public static final int VCPU = 1;
  public static final int MMU = 2;
  public static final int IOMMU = 3;
  public static final int DEVICE = 4;
  public static final int HOST = 5;
  public static final int MIGRATION = 6;

  private final CostModel costs;
  private final CostDistribution[] dists;
  private final SplittableRandom random;

  public CostDraws(CostModel costs, int kind, long a, long b) {
    this.costs = costs;
    this.dists = costs.detail().dists();
    this.random = new SplittableRandom(seed(costs.detail().seed(), kind, a, b));
  }

  /** A stream for code that has no entity of its own (tests): kind 0. */
  public static CostDraws unseeded(CostModel costs) {
    return new CostDraws(costs, 0, 0, 0);
  }

  public CostModel costs() {
    return costs;
  }

  /**
   * {@code count} operations of the kind {@code key}, each with its own draw, summed, ns (a split per huge page
   * split, not one draw times the count: with a distribution the two differ). A constant key costs count times
   * the constant and consumes no randomness.
   */
  public long eachNs(CostKey key, long count) {
    CostDistribution d = dists[key.ordinal()];
    if (d instanceof Constant) {
      return count * d.sample(random);
    }
    long sum = 0;
    for (long i = 0; i < count; i++) {
      sum += d.sample(random);
    }
    return sum;
  }

  /** One draw of {@code key}, ns. */
  public long ns(CostKey key) {
    return dists[key.ordinal()].sample(random);
  }

  /** Host page allocation and zeroing for a backing page at {@code level} (1, 2 or 3), one draw. */
  public long pageAllocNs(int level) {
    return switch (level) {
      case 1 -> ns(CostKey.PAGE_ALLOC_4K);
      case 2 -> ns(CostKey.PAGE_ALLOC_2M);
      case 3 -> ns(CostKey.PAGE_ALLOC_1G);
      default -> throw new IllegalArgumentException("level " + level);
    };
  }

  /** A remote TLB flush of a VM with {@code vcpus} vCPUs, one draw of each part. */
  public long remoteTlbFlushNs(int vcpus) {
    return ns(CostKey.REMOTE_TLB_FLUSH) + ns(CostKey.REMOTE_TLB_FLUSH_PER_VCPU) * Math.max(0, vcpus - 1);
  }

  static long seed(long scenarioSeed, int kind, long a, long b) {
    long h = mix(scenarioSeed ^ 0x9E3779B97F4A7C15L);
    h = mix(h ^ (0xC057_0000L + kind));
    h = mix(h ^ a);
    return mix(h ^ (b * 0x9E3779B97F4A7C15L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
