package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {
  private static Measurement timed(String name, double wallSeconds, double windowSeconds) {
    return new Measurement(name, 2, 5, 0, 1_000, 0, 100, 0, wallSeconds, 0, 0, true, windowSeconds);
  }

  private static Measurement accesses(String name, long accesses, double windowSeconds) {
    return new Measurement(name, 2, 5, accesses, 1_000, 0, 100, 0, windowSeconds + 0.1, 0, 0, true, windowSeconds);
  }

  /**
   * Two paired rounds. Replay: 1,000 accesses in 20 us and 30 us = 20 and 30 ns each. 1 thread: 25 and 30 ns
   * (overhead 1.25 and 1.0). 2 threads: 15 us and 10 us = 66.7M and 100M/s, over 40M and 33.3M/s on 1 thread
   * = 1.67x and 3x.
   */
  @Test
  void pairedRoundsGiveOverheadAndSpeedUpPerRound() {
    List<Measurement> seq = List.of(accesses("seq", 1000, 20e-6), accesses("seq", 1000, 30e-6));
    List<Measurement> sim1 = List.of(accesses("sim1", 1000, 25e-6), accesses("sim1", 1000, 30e-6));
    List<Measurement> sim2 = List.of(accesses("sim2", 1000, 15e-6), accesses("sim2", 1000, 10e-6));
    Bench.Comparison c = Bench.comparison(sim2, sim1, seq);
    assertThat(c.replayNsPerAccess().min()).isCloseTo(20, within(1e-9));
    assertThat(c.replayNsPerAccess().max()).isCloseTo(30, within(1e-9));
    assertThat(c.engineOverhead().median()).isCloseTo(1.0, within(1e-9));
    assertThat(c.engineOverhead().max()).isCloseTo(1.25, within(1e-9));
    assertThat(c.speedUp().min()).isCloseTo(25.0 / 15, within(1e-9));
    assertThat(c.speedUp().max()).isCloseTo(3.0, within(1e-9));
    assertThat(c.sim2AccessesPerSecond().max()).isCloseTo(100e6, within(1e-3));
  }

  @Test
  void spreadNamesMedianMinAndMax() {
    Bench.Spread s = Bench.Spread.of(List.of(3.0, 1.0, 2.0));
    assertThat(s.note("x")).isEqualTo("x: median of 3 rounds, min 1, max 3");
  }

  @Test
  void medianOfAnEvenCountIsTheLowerMiddle() {
    assertThat(Bench.medianOf(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Bench.medianOf(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.0);
  }
}
