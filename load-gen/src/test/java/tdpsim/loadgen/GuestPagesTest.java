package tdpsim.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tdpsim.loadgen.scenario.AccessPattern;
import tdpsim.loadgen.scenario.VmSettings;

class GuestPagesTest {
  private final VmSettings vm = TestVms.vm(3, TestVms.access(AccessPattern.UNIFORM, true, 0));

  @Test
  void pagesAreNumberedAcrossMemslotsSkippingTheHole() {
    GuestPages all = GuestPages.ofVm(vm);

    assertThat(all.count()).isEqualTo(1536);
    assertThat(all.gfn(0)).isEqualTo(0);
    assertThat(all.gfn(1023)).isEqualTo(1023);
    assertThat(all.gfn(1024)).isEqualTo((1L << 30) >>> 12);
    assertThat(all.gfn(1535)).isEqualTo(((1L << 30) >>> 12) + 511);
  }

  @Test
  void partitionsAreBalancedAndDisjoint() {
    long total = 0;
    long expectedFirst = 0;
    for (int v = 0; v < 3; v++) {
      GuestPages part = GuestPages.ofVcpu(vm, v, true);
      assertThat(part.count()).isEqualTo(512);
      assertThat(part.gfn(0)).isEqualTo(GuestPages.ofVm(vm).gfn(expectedFirst));
      expectedFirst += part.count();
      total += part.count();
    }
    assertThat(total).isEqualTo(vm.memoryPages());
  }
}
