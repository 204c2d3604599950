package tdpsim.actors.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostFramesTest {
  @Test
  void faultInAllocatesOnceAndTheFrameIsLive() {
    HostFrames f = new HostFrames(0, 1 << 18);
    assertThat(f.faultIn(100, 1)).isEqualTo(1);
    assertThat(f.faultIn(100, 1)).isZero();
    assertThat(f.isLive(100, f.pfnOf(100))).isTrue();
    assertThat(f.isLive(101, f.pfnOf(101))).isFalse();
  }

  @Test
  void reclaimMakesTheOldFrameDeadAndTheNextFaultGetsANewOne() {
    HostFrames f = new HostFrames(3, 1 << 18);
    f.faultIn(0, 512);
    long old = f.pfnOf(7);
    assertThat(f.reclaim(0, 8)).isEqualTo(8);
    assertThat(f.isLive(7, old)).isFalse();
    f.faultIn(7, 1);
    assertThat(f.pfnOf(7)).isNotEqualTo(old);
    assertThat(f.isLive(7, f.pfnOf(7))).isTrue();
  }

  @Test
  void hugePagesAreContiguousUntilPartlyMovedOrSplit() {
    HostFrames f = new HostFrames(0, 1 << 18);
    f.faultIn(512, 512);
    assertThat(f.isContiguous(512, 512)).isTrue();
    assertThat(f.pfnOf(512) % 512).isZero();
    f.move(600, 601);
    assertThat(f.isContiguous(512, 512)).isFalse();
    f.collapse(512, 1024);
    assertThat(f.isContiguous(512, 512)).isTrue();
    f.markSplit(512, 1024);
    assertThat(f.isContiguous(512, 512)).isFalse();
    assertThat(f.isContiguous(512, 1)).isTrue();
    f.clearSplit(512, 1024);
    assertThat(f.isContiguous(512, 512)).isTrue();
  }

  @Test
  void pinnedMemoryIsResidentAndCannotBeReclaimed() {
    HostFrames f = new HostFrames(1, 1 << 18);
    f.pinAll();
    assertThat(f.faultIn(0, 1 << 18)).isZero();
    assertThat(f.isLive(5, f.pfnOf(5))).isTrue();
    assertThatThrownBy(() -> f.reclaim(0, 1)).isInstanceOf(IllegalStateException.class);
  }

  /**
   * Issue 20 point 6: a frame moved 17 times must not make the translation taken after its first move look live
   * again (with a 4-bit generation, move 17 lands on move 1's frame number).
   */
  @Test
  void aFrameMovedSeventeenTimesNeverMakesAStaleTranslationLive() {
    HostFrames f = new HostFrames(2, 1 << 18);
    f.faultIn(42, 1);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    seen.add(f.pfnOf(42));
    assertThat(f.move(42, 43)).isEqualTo(1);
    long afterFirstMove = f.pfnOf(42);
    seen.add(afterFirstMove);
    for (int move = 2; move <= 17; move++) {
      assertThat(f.move(42, 43)).isEqualTo(1);
      assertThat(seen.add(f.pfnOf(42))).as("move " + move + " reused an earlier frame number").isTrue();
    }
    assertThat(f.isLive(42, f.pfnOf(42))).isTrue();
    assertThat(f.isLive(42, afterFirstMove)).as("the translation taken after move 1").isFalse();
    assertThat(f.generationWraps()).isZero();
  }

  /** Past the widened generation's range the wrap is counted, so a run can say its liveness check weakened. */
  @Test
  void aGenerationWrapIsCounted() {
    HostFrames f = new HostFrames(0, 1 << 18);
    f.faultIn(0, 2);
    for (int move = 1; move < HostFrames.GENERATIONS; move++) {
      f.move(0, 1);
    }
    assertThat(f.generationWraps()).isZero();
    f.move(0, 2);
    assertThat(f.generationWraps()).as("page 0 wrapped, page 1 did not").isEqualTo(1);
    assertThat(f.pfnOf(0)).isEqualTo(new HostFrames(0, 1 << 18).pfnOf(0));
  }

  @Test
  void framesOfDifferentVmsNeverCollide() {
    HostFrames a = new HostFrames(0, 1 << 18);
    HostFrames b = new HostFrames(1, 1 << 18);
    a.faultIn(0, 1);
    b.faultIn(0, 1);
    assertThat(a.pfnOf(0)).isNotEqualTo(b.pfnOf(0));
    assertThat(b.isLive(0, a.pfnOf(0))).isFalse();
  }

  /** Issue 14 point 2: only a device's buffers that cannot fault are pinned; the host leaves exactly those. */
  @Test
  void pinnedRangesStayWhileTheRestIsReclaimedAndAreCountedOnce() {
    HostFrames f = new HostFrames(0, 4096);
    f.pinRange(100, 110);
    f.pinRange(10, 20);
    f.pinRange(105, 115);
    assertThat(f.pinnedRanges()).containsExactly(10, 20, 100, 110, 105, 115);
    assertThat(f.pinnedPages(4096)).isEqualTo(10 + 15);
    assertThat(f.isPinned(10)).isTrue();
    assertThat(f.isPinned(20)).isFalse();
    assertThat(f.overlapsPinned(0, 11)).isTrue();
    assertThat(f.overlapsPinned(20, 100)).isFalse();
    f.faultIn(0, 200);
    long pinnedPfn = f.pfnOf(15);
    long otherPfn = f.pfnOf(30);
    assertThat(f.reclaim(0, 200)).isEqualTo(200 - 25);
    assertThat(f.isLive(15, pinnedPfn)).isTrue();
    assertThat(f.isLive(30, otherPfn)).isFalse();
  }
}
