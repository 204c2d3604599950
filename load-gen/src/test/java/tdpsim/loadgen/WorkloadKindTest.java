package tdpsim.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tdpsim.loadgen.scenario.AccessSettings;
import tdpsim.loadgen.scenario.VmSettings;
import tdpsim.protocol.Access;

class WorkloadKindTest {
  private static AccessSettings accessFor(WorkloadKind kind) throws URISyntaxException {
    if (kind == WorkloadKind.TRACE) {
      Path trace = Path.of(WorkloadKindTest.class.getResource("/traces/touch.lackey").toURI());
      return TestVms.trace(trace, true, 0);
    }
    return TestVms.access(kind.pattern(), true, 0);
  }

  private static long[] draw(WorkloadKind kind, long seed, int vcpu, int n) throws URISyntaxException {
    AccessSettings access = accessFor(kind);
    VmSettings vm = TestVms.vm(4, access);
    Workload workload = kind.create(access, vm, vcpu, seed);
    long[] all = new long[n];
    long[] batch = new long[1000];
    int filled = 0;
    while (filled < n) {
      int got = workload.next(batch, Math.min(batch.length, n - filled));
      assertThat(got).isPositive();
      System.arraycopy(batch, 0, all, filled, got);
      filled += got;
    }
    return all;
  }

  @ParameterizedTest
  @EnumSource(WorkloadKind.class)
  void sameSeedGivesTheSameSequence(WorkloadKind kind) throws URISyntaxException {
    assertThat(draw(kind, 42, 1, 5000)).isEqualTo(draw(kind, 42, 1, 5000));
  }

  @ParameterizedTest
  @EnumSource(value = WorkloadKind.class, names = {"UNIFORM", "ZIPF", "HOT_COLD"})
  void otherSeedOrOtherVcpuGivesAnotherSequence(WorkloadKind kind) throws URISyntaxException {
    assertThat(draw(kind, 42, 1, 5000)).isNotEqualTo(draw(kind, 43, 1, 5000));
    assertThat(draw(kind, 42, 1, 5000)).isNotEqualTo(draw(kind, 42, 2, 5000));
  }

  @ParameterizedTest
  @EnumSource(WorkloadKind.class)
  void addressesStayInsideTheVcpuPartitionAndTheMemslots(WorkloadKind kind) throws URISyntaxException {
    AccessSettings access = accessFor(kind);
    VmSettings vm = TestVms.vm(4, access);
    for (int vcpu = 0; vcpu < 4; vcpu++) {
      GuestPages part = GuestPages.ofVcpu(vm, vcpu, true);
      long lo = part.gfn(0);
      long hi = part.gfn(part.count() - 1);
      for (long access1 : draw(kind, 9, vcpu, 20_000)) {
        long gfn = Access.toGfn(access1);
        assertThat(vm.containsGfn(gfn)).as("gfn %d in memslots", gfn).isTrue();
        assertThat(gfn).isBetween(lo, hi);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = WorkloadKind.class, names = {"UNIFORM", "ZIPF", "HOT_COLD", "SEQUENTIAL"})
  void writeRatioIsHonoured(WorkloadKind kind) throws URISyntaxException {
    long writes = Arrays.stream(draw(kind, 5, 0, 50_000)).filter(Access::isWrite).count();
    assertThat(writes / 50_000.0).isBetween(0.28, 0.32);
  }
}
