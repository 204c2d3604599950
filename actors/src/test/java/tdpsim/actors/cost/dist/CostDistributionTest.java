package tdpsim.actors.cost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CostDistributionTest {
  private static final int DRAWS = 100_000;

  private static long[] draw(CostDistribution d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] out = new long[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      out[i] = d.sample(r);
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * Median 2 us and p99 20 us: over 100k draws the sample median and p99 land within sampling error. The
   * standard error of a sample quantile q is sqrt(q(1-q)/n) / f(x_q); in probability terms that is
   * sqrt(q(1-q)/n): 0.0016 at the median, 0.0003 at p99. Checking the empirical CDF at m and q against 0.5 and
   * 0.99 with 5 standard errors keeps the test exact in what it claims and never flaky.
   */
  @Test
  void lognormalHitsItsMedianAndP99() {
    LogNormal d = new LogNormal(2_000, 20_000);
    long[] xs = draw(d, 7);
    double atMedian = fractionAtOrBelow(xs, 2_000);
    double atP99 = fractionAtOrBelow(xs, 20_000);
    assertThat(atMedian).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / DRAWS)));
    assertThat(atP99).isCloseTo(0.99, within(5 * Math.sqrt(0.99 * 0.01 / DRAWS)));
    // and the sample quantiles themselves, within a few percent
    assertThat((double) xs[DRAWS / 2]).isCloseTo(2_000, within(2_000 * 0.03));
    assertThat((double) xs[(int) (DRAWS * 0.99)]).isCloseTo(20_000, within(20_000 * 0.05));
    assertThat(xs[0]).isPositive();
  }

  private static double fractionAtOrBelow(long[] sorted, long v) {
    int i = Arrays.binarySearch(sorted, v + 1);
    int idx = i >= 0 ? i : -i - 1;
    while (idx > 0 && sorted[idx - 1] > v) {
      idx--;
    }
    return (double) idx / sorted.length;
  }

  @Test
  void sameSeedSameDraws() {
    LogNormal d = new LogNormal(2_000, 24_000);
    assertThat(draw(d, 42)).isEqualTo(draw(d, 42));
  }

  @Test
  void uniformStaysInItsRangeAndCentresOnItsMidpoint() {
    long[] xs = draw(new Uniform(1_000, 3_000), 3);
    assertThat(xs[0]).isGreaterThanOrEqualTo(1_000);
    assertThat(xs[DRAWS - 1]).isLessThanOrEqualTo(3_000);
    assertThat((double) xs[DRAWS / 2]).isCloseTo(2_000, within(30.0));
    assertThat(new Uniform(1_000, 3_000).medianNs()).isEqualTo(2_000);
  }

  /** Two bins, weights 3 and 1: three quarters of the draws are the first value. */
  @Test
  void empiricalDrawsBinsByWeight() {
    Empirical e = new Empirical("x.csv", new long[] {100, 900}, new double[] {3, 1});
    long[] xs = draw(e, 5);
    double first = fractionAtOrBelow(xs, 100);
    assertThat(first).isCloseTo(0.75, within(5 * Math.sqrt(0.75 * 0.25 / DRAWS)));
    assertThat(xs[DRAWS - 1]).isEqualTo(900);
    assertThat(e.medianNs()).isEqualTo(100);
  }

  @Test
  void constantConsumesNoRandomness() {
    SplittableRandom a = new SplittableRandom(1);
    SplittableRandom b = new SplittableRandom(1);
    new Constant(5).sample(a);
    assertThat(a.nextLong()).isEqualTo(b.nextLong());
  }

  @Test
  void scalingMultipliesEveryValue() {
    assertThat(new LogNormal(2_000, 24_000).scaled(4)).isEqualTo(new LogNormal(8_000, 96_000));
    assertThat(new Uniform(40, 80).scaled(0.25)).isEqualTo(new Uniform(10, 20));
    assertThat(new Constant(1_000).scaled(4)).isEqualTo(new Constant(4_000));
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new LogNormal(20, 10)).hasMessageContaining("median <= p99");
    assertThatThrownBy(() -> new Uniform(3, 1)).hasMessageContaining("min <= max");
    assertThatThrownBy(() -> new Empirical("x", new long[] {1}, new double[] {0})).hasMessageContaining("sum to 0");
  }

  @Test
  void describesItselfInTheReferenceForm() {
    assertThat(new LogNormal(2_000, 24_000).describe()).isEqualTo("lognormal(median 2us, p99 24us)");
    assertThat(new Uniform(45, 87).describe()).isEqualTo("uniform(45ns .. 87ns)");
    assertThat(new Constant(40_000_000).describe()).isEqualTo("40ms");
  }
}
