package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultRunTimerTest {
  /**
   * A process that prints its first line at once, then runs 1 s more: the first-result time is when the line
   * arrived, well before the process ended, and the whole-process time covers the second. The margins (0.5 s)
   * are ten times what a loaded machine adds to starting a shell.
   */
  @Test
  void theFirstLineIsTimedApartFromTheProcessEnd() {
    double[] t = DefaultRunTimer.timeOne(List.of("sh", "-c", "echo 'tdpsim report'; sleep 1; echo done"));
    assertThat(t[1]).isGreaterThanOrEqualTo(1.0);
    assertThat(t[0]).isLessThan(t[1] - 0.5);
  }

  /** A process that prints nothing: its first result is its end. */
  @Test
  void aProcessThatPrintsNothingHasItsFirstResultAtItsEnd() {
    double[] t = DefaultRunTimer.timeOne(List.of("sh", "-c", "sleep 0.2"));
    assertThat(t[0]).isEqualTo(t[1]);
  }
}
