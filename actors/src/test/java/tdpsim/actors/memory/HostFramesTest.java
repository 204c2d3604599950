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

  @Test
  void framesOfDifferentVmsNeverCollide() {
    HostFrames a = new HostFrames(0, 1 << 18);
    HostFrames b = new HostFrames(1, 1 << 18);
    a.faultIn(0, 1);
    b.faultIn(0, 1);
    assertThat(a.pfnOf(0)).isNotEqualTo(b.pfnOf(0));
    assertThat(b.isLive(0, a.pfnOf(0))).isFalse();
  }
}
