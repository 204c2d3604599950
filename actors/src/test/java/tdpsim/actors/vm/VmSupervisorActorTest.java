package tdpsim.actors.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.actors.wiring.TestVms;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Migration;
import tdpsim.protocol.Mode;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.VmSupervisor;

/**
 * A VM's supervisor: it spawns the VM's vCPUs, TDP MMU and migration, registers exactly those in the directory,
 * says the VM is ready, and fails with the reason when one of them fails. Each test checks the registered refs
 * by talking to them.
 */
class VmSupervisorActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** Never gives an access: the vCPUs stay idle. */
  private static final AccessSource NOTHING = (buf, max) -> 0;

  private static final AccessSource BROKEN = (buf, max) -> {
    throw new IllegalStateException("the workload broke");
  };

  private static VmSupervisorActor.Spec spec(VmContext vm, int vcpus, AccessSource source, MigrationPlan plan) {
    return new VmSupervisorActor.Spec(vm, vcpus, i -> source, 0, 0, 64, plan, List.of());
  }

  private static WindowBarrier barrier(int vcpus, boolean migrates) {
    return new WindowBarrier(1_000_000, 10_000, false, new ViolationLog(), new RunProgress(), new int[] {vcpus}, 0,
        new boolean[] {migrates});
  }

  private static Directory directory() {
    // Never published: the supervisor reports its refs in VmReady, and nothing here reads the directory.
    return new Directory();
  }

  /** Spawns the supervisor under a parent that reports the message of a failure of its child to {@code failed}. */
  private static Behavior<Void> parentOf(Behavior<VmSupervisor.Command> supervisor, TestProbe<String> failed) {
    return Behaviors.setup(ctx -> {
      ctx.watch(ctx.spawn(supervisor, "vm0"));
      return Behaviors.receive(Void.class)
          .onSignal(ChildFailed.class, sig -> {
            failed.getRef().tell(sig.getCause().getClass().getSimpleName() + ": " + sig.getCause().getMessage());
            return Behaviors.same();
          })
          .build();
    });
  }

  @Test
  void spawnsAndRegistersEachVcpuAndTheMmuThenSaysTheVmIsReady() {
    VmContext vm = TestVms.vm(0, 1024, 1, 2, true);
    Directory dir = directory();
    TestProbe<VmSupervisor.VmReady> ready = KIT.createTestProbe();

    KIT.spawn(VmSupervisorActor.create(spec(vm, 2, NOTHING, null), TestVms.config(Mode.SHARED_IOPF, 1_000_000),
        dir, barrier(2, false), ready.getRef()));

    VmSupervisor.VmReady reported = ready.expectMessageClass(VmSupervisor.VmReady.class, WAIT);
    assertThat(reported.vmIndex()).isZero();
    List<ActorRef<Vcpu.Command>> vcpus = reported.vcpus();
    assertThat(vcpus).hasSize(2);
    // the second registered vCPU is vCPU 1: it answers a flush with its own index
    TestProbe<Vcpu.TlbFlushed> flushed = KIT.createTestProbe();
    vcpus.get(1).tell(new Vcpu.FlushTlb(5, 0, 1024, 100, flushed.getRef()));
    Vcpu.TlbFlushed ack = flushed.expectMessageClass(Vcpu.TlbFlushed.class, WAIT);
    assertThat(ack.vcpuIndex()).isEqualTo(1);
    assertThat(ack.flushId()).isEqualTo(5);
    // the registered MMU is this VM's: it answers as vm0
    TestProbe<TdpMmu.Quiesced> quiesced = KIT.createTestProbe();
    reported.mmu().tell(new TdpMmu.Quiesce(quiesced.getRef()));
    assertThat(quiesced.expectMessageClass(TdpMmu.Quiesced.class, WAIT).vmIndex()).isZero();
    assertThat(reported.migration()).as("a VM that does not migrate has no migration").isNull();
  }

  @Test
  void aVmThatMigratesAlsoGetsItsMigrationRegistered() {
    VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
    Directory dir = directory();
    TestProbe<VmSupervisor.VmReady> ready = KIT.createTestProbe();
    MigrationPlan plan = new MigrationPlan(0, 500_000, 12_500_000_000L, 8, 64, MigrationPlan.Tracking.D_BITS,
        false, false, false);

    KIT.spawn(VmSupervisorActor.create(spec(vm, 1, NOTHING, plan), TestVms.config(Mode.SHARED_IOPF, 1_000_000),
        dir, barrier(1, true), ready.getRef()));

    ActorRef<Migration.Command> migration = ready.expectMessageClass(VmSupervisor.VmReady.class, WAIT).migration();
    assertThat(migration).isNotNull();
    TestProbe<EntityStats> stats = KIT.createTestProbe();
    migration.tell(new Migration.ReportStats(stats.getRef()));
    assertThat(stats.expectMessageClass(EntityStats.class, WAIT).entity()).isEqualTo("vm0.migration");
  }

  @Test
  void aFailingVcpuFailsTheVmWithTheVcpuNamedInTheReason() {
    VmContext vm = TestVms.vm(0, 1024, 1, 2, true);
    Directory dir = directory();
    TestProbe<VmSupervisor.VmReady> ready = KIT.createTestProbe();
    TestProbe<String> failed = KIT.createTestProbe();
    // only vCPU 1's workload breaks
    VmSupervisorActor.Spec spec = new VmSupervisorActor.Spec(vm, 2, i -> i == 1 ? BROKEN : NOTHING, 0, 0, 64,
        null, List.of());
    KIT.spawn(parentOf(VmSupervisorActor.create(spec, TestVms.config(Mode.SHARED_IOPF, 1_000_000), dir,
        barrier(2, false), ready.getRef()), failed));
    List<ActorRef<Vcpu.Command>> vcpus = ready.expectMessageClass(VmSupervisor.VmReady.class, WAIT).vcpus();

    vcpus.get(1).tell(new Vcpu.RunWindow(10_000));

    String reason = failed.expectMessageClass(String.class, WAIT);
    assertThat(reason).startsWith("VmFailedException: vm0 vcpu1 failed: ").contains("the workload broke");
  }
}
