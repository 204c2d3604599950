package tdpsim.actors.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MmuLockGateTest {
  @Test
  void aReaderInsideAWriteHoldWaitsUntilItsEndAndOutsideNotAtAll() {
    MmuLockGate gate = new MmuLockGate();
    // A zap asks at 100 ns and holds the lock until 350 ns (zap + flush + invalidations).
    assertThat(gate.acquireWrite(100)).isEqualTo(100);
    gate.releaseWrite(350);
    assertThat(gate.readWaitNs(99)).isZero();
    assertThat(gate.readWaitNs(100)).isEqualTo(250);
    assertThat(gate.readWaitNs(200)).isEqualTo(150);
    assertThat(gate.readWaitNs(349)).isEqualTo(1);
    assertThat(gate.readWaitNs(350)).isZero();
    assertThat(gate.writeHolds()).isEqualTo(1);
    assertThat(gate.writeHeldNs()).isEqualTo(250);
  }

  @Test
  void aReaderAfterTheStartOfAnOpenHoldIsBlockedAndOneBeforeItIsNot() {
    MmuLockGate gate = new MmuLockGate();
    gate.acquireWrite(1_000);
    assertThat(gate.isWriteOpen()).isTrue();
    assertThat(gate.readWaitNs(999)).isZero();
    assertThat(gate.readWaitNs(1_000)).isEqualTo(MmuLockGate.BLOCKED);
    assertThat(gate.readWaitNs(5_000)).isEqualTo(MmuLockGate.BLOCKED);
    gate.releaseWrite(1_400);
    assertThat(gate.isWriteOpen()).isFalse();
    assertThat(gate.readWaitNs(1_100)).isEqualTo(300);
  }

  @Test
  void writersQueueBehindTheirPredecessorAndAKnownLengthHoldIsRefusedWhileOneIsOpen() {
    MmuLockGate gate = new MmuLockGate();
    gate.acquireWrite(0);
    assertThat(gate.holdWrite(10, 50)).isEqualTo(MmuLockGate.BLOCKED);
    gate.releaseWrite(200);
    // A harvest asking at 150 ns for 50 ns starts when the zap's hold ends: [200, 250).
    assertThat(gate.holdWrite(150, 50)).isEqualTo(200);
    // The next zap asking at 220 ns starts at 250 ns.
    assertThat(gate.acquireWrite(220)).isEqualTo(250);
    gate.releaseWrite(300);
    assertThat(gate.readWaitNs(120)).isEqualTo(80);
    assertThat(gate.readWaitNs(210)).isEqualTo(40);
    assertThat(gate.readWaitNs(260)).isEqualTo(40);
    assertThat(gate.writeHeldNs()).isEqualTo(200 + 50 + 50);
  }

  @Test
  void aReaderOlderThanTheKeptHistoryIsNotCharged() {
    MmuLockGate gate = new MmuLockGate();
    for (int i = 0; i < MmuLockGate.HISTORY + 1; i++) {
      gate.holdWrite(i * 100L, 10);
    }
    assertThat(gate.readWaitNs(5)).isZero();
    assertThat(gate.readWaitNs(105)).isEqualTo(5);
  }

  @Test
  void releasingWithoutAHoldAndAcquiringTwiceAreBugs() {
    MmuLockGate gate = new MmuLockGate();
    assertThatThrownBy(() -> gate.releaseWrite(1)).isInstanceOf(IllegalStateException.class);
    gate.acquireWrite(1);
    assertThatThrownBy(() -> gate.acquireWrite(2)).isInstanceOf(IllegalStateException.class);
  }
}
