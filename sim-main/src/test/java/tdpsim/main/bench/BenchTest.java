package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {
  private static Measurement timed(String name, double wallSeconds, double windowSeconds) {
    return new Measurement(name, 2, 5, 0, 1_000, 0, 100, 0, wallSeconds, 0, 0, true, windowSeconds);
  }

  /** Raw pattern 0.25 s of windows, replay 2.5 s: two threads that halve the replay give 0.25 / 1.25 = 0.2. */
  @Test
  void messagesCeilingIsThreadsTimesRawTimeOverReplayTime() {
    Measurement raw = timed("raw", 0.3, 0.25);
    Measurement replay = timed("replay", 2.6, 2.5);
    assertThat(Bench.messagesVsRawCeiling(raw, replay, 2)).isCloseTo(0.2, within(1e-12));
    assertThat(Bench.messagesVsRawCeiling(raw, replay, 1)).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void messagesCeilingUsesTheWholeRunWhereNoWindowsWereTimed() {
    assertThat(Bench.messagesVsRawCeiling(timed("raw", 0.5, 0), timed("replay", 4.0, 0), 2))
        .isCloseTo(0.25, within(1e-12));
  }

  @Test
  void medianOfAnEvenCountIsTheLowerMiddle() {
    assertThat(Bench.medianOf(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Bench.medianOf(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.0);
  }
}
