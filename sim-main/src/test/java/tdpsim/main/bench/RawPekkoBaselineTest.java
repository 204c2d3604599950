package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawPekkoBaselineTest {
  @Test
  void baselineHandlesExactlyThePatternsMessageCount() {
    RawPekkoBaseline.Pattern p = new RawPekkoBaseline.Pattern(12, 10, 7, 3);
    assertThat(p.messages()).isEqualTo(7L * 10 * (2 + 3));
    Measurement m = RawPekkoBaseline.run(p, 2);
    assertThat(m.messages()).isEqualTo(p.messages());
    assertThat(m.complete()).isTrue();
    assertThat(m.entities()).isEqualTo(12);
  }

  @Test
  void matchingPatternSpreadsExtraMessagesAsContinuations() {
    // 5 windows x 4 participants: 40 ticks + acks, 60 more messages = 3 continuations each
    RawPekkoBaseline.Pattern p = RawPekkoBaseline.Pattern.matching(9, 4, 5, 100);
    assertThat(p.continuations()).isEqualTo(3);
    assertThat(p.messages()).isEqualTo(100);
    assertThat(RawPekkoBaseline.Pattern.matching(9, 4, 5, 10).continuations()).isZero();
  }
}
