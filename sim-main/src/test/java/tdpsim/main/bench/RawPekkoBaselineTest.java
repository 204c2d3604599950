package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawPekkoBaselineTest {
  @Test
  void baselineHandlesExactlyThePatternsMessageCount() {
    RawPekkoBaseline.Pattern p = new RawPekkoBaseline.Pattern(12, 10, 7, 23);
    assertThat(p.messages()).isEqualTo(7L * 10 + 23);
    Measurement m = RawPekkoBaseline.run(p, 2);
    assertThat(m.messages()).isEqualTo(p.messages());
    assertThat(m.complete()).isTrue();
    assertThat(m.entities()).isEqualTo(12);
  }

  @Test
  void matchingPatternHasTheSimulatorsExactCountWithContinuationsSpreadEvenly() {
    // 5 windows x 4 participants: 20 ticks; 73 - 20 = 53 continuations: 11 in the first three windows, 10 in the
    // last two; 11 in a window = 3, 3, 3, 2 over the participants
    RawPekkoBaseline.Pattern p = RawPekkoBaseline.Pattern.matching(9, 4, 5, 73);
    assertThat(p.messages()).isEqualTo(73);
    long sum = 0;
    for (int w = 0; w < 5; w++) {
      for (int i = 0; i < 4; i++) {
        sum += p.continuations(w, i);
      }
    }
    assertThat(sum).isEqualTo(53);
    assertThat(p.continuations(0, 0)).isEqualTo(3);
    assertThat(p.continuations(0, 3)).isEqualTo(2);
    assertThat(p.continuations(4, 2)).isEqualTo(2);
    assertThat(RawPekkoBaseline.Pattern.matching(9, 4, 5, 10).messages()).as("never fewer than the ticks")
        .isEqualTo(20);
  }
}
