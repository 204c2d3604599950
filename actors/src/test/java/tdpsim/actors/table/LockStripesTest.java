package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LockStripesTest {
  private final LockStripes stripes = new LockStripes(8, 9);

  @Test
  void rangeTakesItsGranulesStripesAndWrapsInOrder() {
    // granules 6..9 -> stripes 6, 7, 0, 1
    stripes.lockExclusive(6 * 512, 10 * 512);
    assertThat(stripes.isHeldExclusive(6 * 512, 8 * 512)).isTrue();
    assertThat(stripes.isHeldExclusive(8 * 512, 10 * 512)).isTrue();
    assertThat(stripes.isHeldShared(2 * 512, 3 * 512)).isFalse();
    stripes.unlockExclusive(6 * 512, 10 * 512);
    assertThat(stripes.isHeldShared(6 * 512, 10 * 512)).isFalse();
  }

  @Test
  void largeRangeTakesAllStripes() {
    assertThat(stripes.stripesCovering(0, 1L << 30)).isEqualTo(8);
    stripes.lockShared(0, 1L << 30);
    assertThat(stripes.isHeldShared(12345, 12346)).isTrue();
    assertThat(stripes.isHeldExclusive(12345, 12346)).isFalse();
    stripes.unlockShared(0, 1L << 30);
  }

  @Test
  void retakingAHeldStripeIsCaughtUnderAssertions() {
    stripes.lockShared(0, 1);
    try {
      assertThatThrownBy(() -> stripes.lockShared(1, 2)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("not reentrant");
    } finally {
      stripes.unlockShared(0, 1);
    }
    assertThat(stripes.isHeldShared(0, 1)).isFalse();
  }
}
