package tdpsim.loadgen.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoundedDrawTest {
  /** Bounds where an off-by-one in the reciprocal or the correction shows: small, powers of two and next to them. */
  private static final long[] EDGES = {1, 2, 3, 5, 7, 10, 63, 64, 65, 820, 15_564, 16_384, 65_535, 65_537,
      (1L << 31) - 1, 1L << 31, (1L << 32) + 1, 1_000_000_007L, (1L << 52) + 3, (1L << 62) - 1, (1L << 62) + 1,
      (3L << 61) + 7, Long.MAX_VALUE - 1, Long.MAX_VALUE};

  @Test
  void drawsWhatTheJdkDrawsFromTheSameStream() {
    SplittableRandom bounds = new SplittableRandom(19);
    for (int b = 0; b < 2_000; b++) {
      long bound = b < EDGES.length ? EDGES[b] : 1 + (bounds.nextLong() >>> (1 + bounds.nextInt(63)));
      assertSame(bound, b);
    }
  }

  @Test
  void largeBoundsRetryTheIncompleteLastMultipleAsTheJdkDoes() {
    // Above 2^62 a quarter to a half of the draws fall in the incomplete last multiple, so the retry runs; a mirror stream counts it.
    for (long bound : new long[] {(1L << 62) + 1, (3L << 61) + 7, (5L << 60) + 3}) {
      SplittableRandom jdk = new SplittableRandom(5);
      SplittableRandom ours = new SplittableRandom(5);
      SplittableRandom mirror = new SplittableRandom(5);
      BoundedDraw draw = new BoundedDraw(bound);
      int retries = 0;
      for (int i = 0; i < 10_000; i++) {
        assertThat(draw.next(ours)).isEqualTo(jdk.nextLong(bound));
        for (long u = mirror.nextLong() >>> 1; u + bound - 1 - u % bound < 0; u = mirror.nextLong() >>> 1) {
          retries++;
        }
        assertThat(ours.nextLong()).isEqualTo(jdk.nextLong()).isEqualTo(mirror.nextLong());
      }
      assertThat(retries).as("retries at bound %d", bound).isGreaterThan(100);
    }
  }

  @Test
  void rejectsANonPositiveBound() {
    assertThatThrownBy(() -> new BoundedDraw(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertSame(long bound, long seed) {
    SplittableRandom jdk = new SplittableRandom(seed);
    SplittableRandom ours = new SplittableRandom(seed);
    BoundedDraw draw = new BoundedDraw(bound);
    for (int i = 0; i < 500; i++) {
      assertThat(draw.next(ours)).as("bound %d draw %d", bound, i).isEqualTo(jdk.nextLong(bound));
    }
    assertThat(ours.nextLong()).as("the streams stay in step").isEqualTo(jdk.nextLong());
  }
}
