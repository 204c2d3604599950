package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Mode;

/**
 * Issue 18: a machine that cannot be built (here a VM beyond the 40-bit host frame space, which the scenario
 * loader refuses, built directly) answers Start with an incomplete result and the reason, instead of failing the
 * actor system's guardian and leaving the ask unanswered for a day.
 */
class MachineBuildFailureTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aMachineThatCannotBeBuiltAnswersStartWithTheReason() {
    SimConfig config = TestMachines.config(Mode.SEPARATE, 1_000_000, SimConfig.FaultInjection.NONE);
    // 2^38 pages (1 PiB): the per-VM span alone needs 38 + 4 generation bits > 40.
    MachineSpec spec = TestMachines.spec(config,
        List.of(TestMachines.vm(0, 1L << 38, 1, 1, v -> TestMachines.sequential(0, 1, false))), List.of(),
        TestMachines.none());
    ActorRef<Machine.Command> machine = KIT.spawn(MachineGuardian.create(spec), "unbuildable");
    TestProbe<Machine.Finished> probe = KIT.createTestProbe();

    machine.tell(new Machine.Start(probe.getRef()));

    Machine.Finished f = probe.expectMessageClass(Machine.Finished.class, Duration.ofSeconds(10));
    assertThat(f.complete()).isFalse();
    assertThat(f.stopReason()).startsWith("machine build failed: ").contains("40-bit host frame space");
    probe.expectTerminated(machine, Duration.ofSeconds(10));
  }
}
