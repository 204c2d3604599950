package tdpsim.loadgen.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tdpsim.loadgen.GuestPages;
import tdpsim.loadgen.TestVms;
import tdpsim.loadgen.scenario.AccessPattern;
import tdpsim.protocol.Access;

class HotColdWorkloadTest {
  @Test
  void hotSetTakesItsShareOfTheAccesses() {
    GuestPages pages = GuestPages.ofVm(TestVms.vm(1, TestVms.access(AccessPattern.HOT_COLD, false, 0)));
    HotColdWorkload workload = new HotColdWorkload(pages, 0.1, 0.9, 0.0, 100, new SplittableRandom(11));
    long lastHotGfn = pages.gfn(workload.hotPages() - 1);
    long[] buf = new long[100_000];
    workload.next(buf, buf.length);
    long hot = 0;
    for (long access : buf) {
      if (Access.toGfn(access) <= lastHotGfn) {
        hot++;
      }
    }
    assertThat(workload.hotPages()).isEqualTo(154);
    assertThat(hot / 100_000.0).isBetween(0.89, 0.91);
  }
}
