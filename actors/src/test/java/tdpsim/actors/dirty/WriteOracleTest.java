package tdpsim.actors.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link WriteOracle}: which pages were written (by whom, per round) and which were written and not sent since.
 * A 100-page VM; bit {@code g} of word 0 is gfn {@code g}.
 */
class WriteOracleTest {
  private final WriteOracle oracle = new WriteOracle(100);

  @Test
  void writesBeforeTrackingStartsAreNotRecorded() {
    oracle.cpuWrite(1);
    oracle.deviceWrite(2);

    assertThat(oracle.isActive()).isFalse();
    assertThat(oracle.unsentPages()).isZero();
    assertThat(oracle.takeRound()).containsExactly(0, 0, 0);
  }

  @Test
  void aRoundSplitsPagesIntoCpuOnlyDeviceOnlyAndBoth() {
    oracle.start();
    oracle.cpuWrite(1);
    oracle.cpuWrite(1);
    oracle.cpuWrite(2);
    oracle.deviceWrite(2);
    oracle.deviceWrite(3);
    oracle.deviceWrite(4);

    // gfn 1: CPU only; 2: both; 3 and 4: device only.
    assertThat(oracle.takeRound()).containsExactly(1, 2, 1);
    assertThat(oracle.unsentPages()).isEqualTo(4);
  }

  @Test
  void takingARoundResetsTheRoundButNotTheUnsentPages() {
    oracle.start();
    oracle.cpuWrite(5);
    oracle.takeRound();

    assertThat(oracle.takeRound()).containsExactly(0, 0, 0);
    assertThat(oracle.unsentPages()).isEqualTo(1);
  }

  @Test
  void sentPagesLeaveTheUnsentSetUntilWrittenAgain() {
    oracle.start();
    oracle.cpuWrite(1);
    oracle.cpuWrite(2);
    oracle.deviceWrite(3);

    oracle.markSent(new long[] {(1L << 1) | (1L << 2), 0});
    assertThat(oracle.unsentPages()).isEqualTo(1);
    assertThat(oracle.firstUnsent(5)).containsExactly(3);

    oracle.deviceWrite(1);
    assertThat(oracle.firstUnsent(5)).containsExactly(1, 3);
  }

  @Test
  void aWriteAfterTheFinalCopyIsALostWrite() {
    oracle.start();
    oracle.cpuWrite(7);
    oracle.markSent(new long[] {1L << 7, 0});
    assertThat(oracle.unsentPages()).as("sent after its last write").isZero();

    oracle.deviceWrite(7);

    assertThat(oracle.unsentPages()).isEqualTo(1);
    assertThat(oracle.firstUnsent(3)).containsExactly(7);
  }

  @Test
  void firstUnsentReturnsTheLowestGfnsUpToTheLimit() {
    oracle.start();
    oracle.cpuWrite(40);
    oracle.deviceWrite(10);
    oracle.cpuWrite(30);
    oracle.deviceWrite(20);

    assertThat(oracle.firstUnsent(2)).containsExactly(10, 20);
    assertThat(oracle.firstUnsent(10)).containsExactly(10, 20, 30, 40);
  }

  @Test
  void writesOutsideTheVmAreIgnored() {
    oracle.start();
    oracle.cpuWrite(100);
    oracle.deviceWrite(-1);

    assertThat(oracle.unsentPages()).isZero();
    assertThat(oracle.takeRound()).containsExactly(0, 0, 0);
  }
}
