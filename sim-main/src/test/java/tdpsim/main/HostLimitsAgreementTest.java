package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tdpsim.actors.memory.HostFrames;
import tdpsim.loadgen.scenario.HostLimits;

/**
 * The scenario loader checks the host frame space ({@link HostLimits}) so that the machine build
 * ({@link HostFrames}) never meets it; the two must give the same answer on each side of every boundary.
 */
class HostLimitsAgreementTest {
  @Test
  void loaderAndMachineAgreeOnEachSideOfTheFrameSpaceBoundary() {
    for (int shift = 18; shift <= 24; shift++) {
      long endGfn = 1L << shift;
      long max = HostLimits.maxVms(endGfn);
      assertThat(max).isEqualTo(1L << (32 - shift));
      for (long index : new long[] {0, max / 2, max - 1}) {
        assertThat(HostLimits.fits(index, endGfn)).isTrue();
        new HostFrames((int) index, endGfn);
      }
      long beyond = max;
      assertThat(HostLimits.fits(beyond, endGfn)).isFalse();
      assertThatThrownBy(() -> new HostFrames((int) beyond, endGfn))
          .hasMessageContaining("40-bit host frame space");
      // One gfn more doubles the span: the last VM that fitted no longer does.
      assertThat(HostLimits.fits(max - 1, endGfn + 1)).isFalse();
      assertThatThrownBy(() -> new HostFrames((int) (max - 1), endGfn + 1))
          .hasMessageContaining("40-bit host frame space");
    }
  }
}
