package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Mode;

/**
 * What each VM and each entity holds, so that issue 7's million entities fit in 8 GiB (docs/performance.md,
 * Scale): per-VM state that does not depend on what the VM touched, and per-entity buffers, stay small.
 */
class EntityFootprintTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final long PAGES = 4096;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** {@code vms} VMs of 16 MiB with one vCPU and {@code nicsPerVm} NICs each, device indices in VM order. */
  private static MachineSpec machine(Mode mode, int vms, int nicsPerVm, long durationNs,
      java.util.function.IntFunction<AccessSource> vcpuSource, java.util.function.IntFunction<AccessSource> dma) {
    List<MachineSpec.Vm> vmList = new ArrayList<>();
    List<MachineSpec.Device> devices = new ArrayList<>();
    for (int v = 0; v < vms; v++) {
      vmList.add(TestMachines.vm(v, PAGES, 1, 1, vcpuSource));
      for (int d = 0; d < nicsPerVm; d++) {
        int index = devices.size();
        devices.add(TestMachines.nic(index, v, true, true, dma.apply(index)));
      }
    }
    return TestMachines.spec(TestMachines.config(mode, durationNs, SimConfig.FaultInjection.NONE), vmList, devices,
        TestMachines.none());
  }

  @Test
  void allTablesOfAMachineDrawFromOneHostPoolSoAVmCostsOnlyThePagesItUses() {
    int vms = 40;
    MachineBuild build = MachineBuild.build(machine(Mode.SEPARATE_IOPF, vms, 1, 1_000,
        i -> TestMachines.sequential(0, 1, false), i -> TestMachines.ring(0, 1, true)));
    for (VmContext vm : build.vms()) {
      assertThat(vm.tdp().pool()).isSameAs(build.pagePool());
      assertThat(vm.iommuTable().pool()).isSameAs(build.pagePool());
    }
    // 80 roots, nothing touched yet: two 64-page chunks. A pool per table created 64 pages for each (5,120).
    assertThat(build.pagePool().frameLimit() - 1).isLessThanOrEqualTo(2 * 64);
  }

  @Test
  void devicesOfEachVmAreListedOnceInIndexOrder() {
    MachineBuild build = MachineBuild.build(machine(Mode.SHARED_IOPF, 3, 4, 1_000,
        i -> TestMachines.sequential(0, 1, false), i -> TestMachines.ring(0, 1, true)));
    assertThat(build.devicesOfVm(0)).containsExactly(0, 1, 2, 3);
    assertThat(build.devicesOfVm(1)).containsExactly(4, 5, 6, 7);
    assertThat(build.devicesOfVm(2)).containsExactly(8, 9, 10, 11);
  }

  /**
   * vCPUs and devices keep their access buffer between messages, so they draw a few accesses at a time rather
   * than a whole chunk; the run is the same, since the workloads are streams.
   */
  @Test
  void vcpusAndDevicesDrawAFewAccessesAtATimeAndStillRunTheirWholeWorkload() {
    AtomicInteger largestBatch = new AtomicInteger();
    MachineSpec spec = machine(Mode.SHARED_IOPF, 2, 1, 1_000_000_000_000L, i -> {
      AccessSource s = TestMachines.sequential(0, PAGES, true);
      return (buf, max) -> {
        largestBatch.accumulateAndGet(max, Math::max);
        assertThat(buf.length).isLessThanOrEqualTo(32);
        return s.next(buf, max);
      };
    }, i -> {
      AccessSource s = TestMachines.sequential(0, 64, true);
      return (buf, max) -> {
        largestBatch.accumulateAndGet(max, Math::max);
        assertThat(buf.length).isLessThanOrEqualTo(32);
        return s.next(buf, max);
      };
    });
    TestProbe<Machine.Finished> probe = KIT.createTestProbe();
    KIT.spawn(MachineGuardian.create(spec)).tell(new Machine.Start(probe.getRef()));
    Machine.Finished f = probe.expectMessageClass(Machine.Finished.class, Duration.ofSeconds(60));
    assertThat(f.complete()).as(f.stopReason()).isTrue();
    StatsMerger m = new StatsMerger();
    f.entities().forEach(m::add);
    assertThat(largestBatch.get()).isBetween(1, 32);
    // each vCPU touched all of its VM's 4,096 pages once, in batches of at most 32
    assertThat(m.counter("vcpuAccesses")).isEqualTo(2 * PAGES);
    assertThat(m.counter("dmaTranslations")).isEqualTo(2 * 64);
    assertThat(m.counter("invariantViolations")).isZero();
  }
}
