package tdpsim.actors.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tdpsim.actors.memory.HostFrames;
import tdpsim.protocol.ZapCause;

class HostEventSpecTest {
  /** What the host does to the pages once the invalidation is acknowledged, per cause. */
  @Test
  void changeBackingFreesMovesOrLeavesThePagesByCause() {
    HostFrames f = new HostFrames(0, 1 << 18);
    f.faultIn(0, 1024);
    long reclaimed = f.pfnOf(3);
    long moved = f.pfnOf(600);
    long kept = f.pfnOf(900);

    new HostEventSpec(0, ZapCause.RECLAIM, 0, 0, 8).changeBacking(f);
    assertThat(f.isLive(3, reclaimed)).as("reclaim frees the page").isFalse();

    new HostEventSpec(0, ZapCause.MIGRATION, 0, 600, 601).changeBacking(f);
    assertThat(f.isLive(600, moved)).as("migration moves it to another frame").isFalse();
    assertThat(f.isLive(600, f.pfnOf(600))).isTrue();

    new HostEventSpec(0, ZapCause.NX_RECOVERY, 0, 896, 1024).changeBacking(f);
    new HostEventSpec(0, ZapCause.MEMSLOT, 0, 896, 1024).changeBacking(f);
    assertThat(f.isLive(900, kept)).as("KVM-side zaps leave the backing alone").isTrue();
  }
}
