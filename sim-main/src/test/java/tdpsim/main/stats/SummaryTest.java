package tdpsim.main.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void meanSdAndStudentTIntervalOfOneToFive() {
    // mean 3, sd sqrt(2.5) = 1.5811; t(0.975, 4 df) = 2.7764 (any t table), half width 2.7764 * 1.5811 / sqrt(5).
    Summary s = Summary.of(new double[] {1, 2, 3, 4, 5});
    assertThat(s.n()).isEqualTo(5);
    assertThat(s.mean()).isEqualTo(3.0);
    assertThat(s.sd()).isCloseTo(1.5811, within(1e-4));
    assertThat(s.ciLow()).isCloseTo(3 - 1.9632, within(1e-4));
    assertThat(s.ciHigh()).isCloseTo(3 + 1.9632, within(1e-4));
    assertThat(s.withinNoise()).isFalse();
  }

  @Test
  void oneReplicationHasNoInterval() {
    Summary s = Summary.of(new double[] {7});
    assertThat(s.mean()).isEqualTo(7.0);
    assertThat(s.hasInterval()).isFalse();
    assertThat(s.withinNoise()).isFalse();
  }

  @Test
  void pairedDifferenceCancelsWhatBothSidesShare() {
    // Large shared noise (100, 200, 300), a constant difference of 2: the paired interval is exactly [2, 2].
    Summary d = Summary.pairedDifference(new double[] {102, 202, 302}, new double[] {100, 200, 300});
    assertThat(d.mean()).isEqualTo(2.0);
    assertThat(d.sd()).isZero();
    assertThat(d.ciLow()).isEqualTo(2.0);
    assertThat(d.ciHigh()).isEqualTo(2.0);
    assertThat(d.withinNoise()).isFalse();
  }

  @Test
  void differenceWhoseIntervalHoldsZeroIsWithinNoise() {
    Summary d = Summary.pairedDifference(new double[] {1, 3, 2}, new double[] {2, 2, 2});
    assertThat(d.mean()).isZero();
    assertThat(d.withinNoise()).isTrue();
  }

  @Test
  void welchIntervalOfTwoEqualVarianceSamples() {
    // n = 5 each, sd 2 each: se = sqrt(4/5 + 4/5) = 1.2649, Welch df = 8, t(0.975, 8) = 2.3060.
    Summary a = new Summary(5, 10, 2, Double.NaN, Double.NaN);
    Summary b = new Summary(5, 12, 2, Double.NaN, Double.NaN);
    Summary d = Summary.welchDifference(a, b);
    assertThat(d.mean()).isEqualTo(2.0);
    assertThat(d.sd()).isCloseTo(1.2649, within(1e-4));
    assertThat(d.ciLow()).isCloseTo(2 - 2.9169, within(1e-3));
    assertThat(d.ciHigh()).isCloseTo(2 + 2.9169, within(1e-3));
    assertThat(d.withinNoise()).isTrue();
  }

  @Test
  void welchWithoutReplicationsHasNoInterval() {
    Summary a = new Summary(1, 10, 0, Double.NaN, Double.NaN);
    Summary b = new Summary(5, 12, 2, Double.NaN, Double.NaN);
    assertThat(Summary.welchDifference(a, b).hasInterval()).isFalse();
  }
}
