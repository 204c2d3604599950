package tdpsim.actors.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tdpsim.actors.cost.dist.Constant;
import tdpsim.actors.cost.dist.CostDistribution;
import tdpsim.actors.cost.dist.Uniform;

/** Operations counted in bulk (huge-page splits) draw once each, as one at a time would. */
class CostDrawsTest {

  private static CostModel withSplit(CostDistribution split) {
    CostDistribution[] d = new CostDistribution[CostKey.values().length];
    Arrays.fill(d, new Constant(1_000));
    d[CostKey.SPLIT.ordinal()] = split;
    return CostModel.of(d, 0, 1, 42);
  }

  @Test
  void eachOfManyOperationsDrawsItsOwnCost() {
    CostModel m = withSplit(new Uniform(1_000, 5_000));
    CostDraws bulk = new CostDraws(m, CostDraws.MMU, 0, 0);
    CostDraws oneByOne = new CostDraws(m, CostDraws.MMU, 0, 0);
    long sum = 0;
    for (int i = 0; i < 513; i++) {
      sum += oneByOne.ns(CostKey.SPLIT);
    }
    assertThat(bulk.eachNs(CostKey.SPLIT, 513)).isEqualTo(sum);
    assertThat(sum).as("not one draw times 513").isNotEqualTo(513 * new CostDraws(m, CostDraws.MMU, 0, 0)
        .ns(CostKey.SPLIT));
    assertThat(bulk.ns(CostKey.SPLIT)).as("the streams stay in step").isEqualTo(oneByOne.ns(CostKey.SPLIT));
  }

  @Test
  void aConstantCostsCountTimesItAndNoRandomness() {
    CostModel m = withSplit(new Constant(3_000));
    CostDraws d = new CostDraws(m, CostDraws.MIGRATION, 1, 2);
    assertThat(d.eachNs(CostKey.SPLIT, 1 + 512)).isEqualTo(513 * 3_000L);
    assertThat(d.eachNs(CostKey.SPLIT, 0)).isZero();
  }
}
