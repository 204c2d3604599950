package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Mode;

/**
 * A PRI device may have several page requests outstanding: the faulting pages of a burst go out as one page
 * request group and come back as one page group response.
 */
class PriOutstandingTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static StatsMerger run(int maxOutstanding) {
    MachineSpec.Device nic = new MachineSpec.Device(
        new AssignedDeviceActor.Spec(0, "nic0", 0, 0, true, 64, true, 3_000, maxOutstanding),
        () -> TestMachines.sequential(1000, 1064, true));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 3_000_000,
            SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, TestMachines.GIB_PAGES, 1, 1, i -> TestMachines.sequential(0, 16, false))),
        List.of(nic), TestMachines.none());
    TestProbe<Machine.Finished> probe = KIT.createTestProbe();
    KIT.spawn(MachineGuardian.create(spec)).tell(new Machine.Start(probe.getRef()));
    Machine.Finished f = probe.expectMessageClass(Machine.Finished.class, Duration.ofSeconds(60));
    assertThat(f.complete()).as(f.stopReason()).isTrue();
    StatsMerger m = new StatsMerger();
    f.entities().forEach(m::add);
    return m;
  }

  @Test
  void sixtyFourFreshPagesTakeEightGroupsOfEight() {
    StatsMerger m = run(8);
    assertThat(m.counter("devicePageRequests")).isEqualTo(64);
    assertThat(m.counter("pageGroupResponses")).isEqualTo(8);
    assertThat(m.counter("dmaTranslations")).isEqualTo(64);
    assertThat(m.counter("invariantViolations")).isZero();
  }

  @Test
  void oneOutstandingRequestIsOneRoundTripPerPage() {
    StatsMerger m = run(1);
    assertThat(m.counter("devicePageRequests")).isEqualTo(64);
    assertThat(m.counter("pageGroupResponses")).isEqualTo(64);
    assertThat(m.counter("dmaTranslations")).isEqualTo(64);
  }
}
