package tdpsim.loadgen.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipfSamplerTest {
  private static final int N = 1000;
  private static final int DRAWS = 300_000;

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.99, 1.0, 1.2, 2.0})
  void frequenciesFollowOneOverKToTheS(double skew) {
    ZipfSampler sampler = new ZipfSampler(N, skew);
    SplittableRandom random = new SplittableRandom(3);
    long[] counts = new long[N + 1];
    for (int i = 0; i < DRAWS; i++) {
      long k = sampler.sample(random);
      assertThat(k).isBetween(1L, (long) N);
      counts[(int) k]++;
    }
    double norm = 0;
    for (int k = 1; k <= N; k++) {
      norm += Math.pow(k, -skew);
    }
    for (int k : new int[] {1, 2, 3, 10}) {
      double expected = Math.pow(k, -skew) / norm;
      double observed = counts[k] / (double) DRAWS;
      // a few standard deviations of a binomial share
      double tolerance = 5 * Math.sqrt(expected * (1 - expected) / DRAWS) + 1e-4;
      assertThat(observed).as("P(rank %d), s=%s", k, skew).isCloseTo(expected, within(tolerance));
    }
    assertThat(counts[1]).isGreaterThan(counts[2]).isGreaterThan(counts[10]);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.3, 1.0, 3.0})
  void singlePageAlwaysGivesRankOne(double skew) {
    ZipfSampler sampler = new ZipfSampler(1, skew);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      assertThat(sampler.sample(random)).isEqualTo(1);
    }
  }
}
