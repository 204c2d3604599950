package tdpsim.actors.vm;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.migration.MigrationActor;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.mmu.TdpMmuActor;
import tdpsim.actors.vcpu.VcpuActor;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.Migration;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.VmSupervisor;

/**
 * One VM's supervisor (the per-VM parent, as QEMU's process is for its vCPU threads and KVM's VM file for its
 * MMU): spawns the VM's vCPUs, its TDP MMU and, when the VM migrates, its migration; registers them in the
 * machine's directory; and, when one of them fails, stops the VM with the failure as the reason, which ends
 * the run incomplete instead of leaving the machine waiting for a VM that can no longer answer. The VM's
 * entities take part in the machine's windows through the {@link WindowBarrier}, not through this actor.
 */
public final class VmSupervisorActor extends AbstractBehavior<VmSupervisor.Command> {
  /**
   * What the supervisor needs to build its VM's actors; {@code migrationDevices} are the VM's assigned devices
   * (quiesced by its migration).
   */
  public record Spec(VmContext vm, int vcpus, java.util.function.IntFunction<AccessSource> vcpuSource,
      long thinkTimeNs, long maxAccessesPerVcpu, int tlbEntries, MigrationPlan migration,
      List<Integer> migrationDevices) {}

  private final int vmIndex;

  private VmSupervisorActor(ActorContext<VmSupervisor.Command> context, Spec spec, SimConfig config,
      Directory directory, WindowBarrier barrier, ActorRef<VmSupervisor.VmReady> ready) {
    super(context);
    VmContext vm = spec.vm();
    this.vmIndex = vm.index();
    List<ActorRef<Vcpu.Command>> vcpus = new ArrayList<>();
    for (int i = 0; i < spec.vcpus(); i++) {
      int index = i;
      ActorRef<Vcpu.Command> ref = context.spawn(VcpuActor.create(vm, i, () -> spec.vcpuSource().apply(index),
          spec.thinkTimeNs(), spec.maxAccessesPerVcpu(), spec.tlbEntries(), config, barrier), "vcpu" + i);
      context.watch(ref);
      vcpus.add(ref);
    }
    ActorRef<TdpMmu.Command> mmu = context.spawn(TdpMmuActor.create(vm, config, directory), "mmu");
    context.watch(mmu);
    ActorRef<Migration.Command> migration = null;
    if (spec.migration() != null) {
      migration = context.spawn(MigrationActor.create(vm, spec.migration(), spec.migrationDevices(), config,
          directory, barrier), "migration");
      context.watch(migration);
    }
    ready.tell(new VmSupervisor.VmReady(vm.index(), vcpus, mmu, migration));
  }

  /**
   * @param barrier the machine's window barrier, handed to the VM's vCPUs and migration
   * @param ready told the VM's actor refs once they are spawned
   */
  public static Behavior<VmSupervisor.Command> create(Spec spec, SimConfig config, Directory directory,
      WindowBarrier barrier, ActorRef<VmSupervisor.VmReady> ready) {
    return Behaviors.setup(ctx -> new VmSupervisorActor(ctx, spec, config, directory, barrier, ready));
  }

  @Override
  public Receive<VmSupervisor.Command> createReceive() {
    return newReceiveBuilder()
        .onSignal(ChildFailed.class, this::onChildFailed)
        .build();
  }

  /** A vCPU, the MMU or the migration failed: the VM cannot go on; fail with the reason. */
  private Behavior<VmSupervisor.Command> onChildFailed(ChildFailed failed) {
    throw new VmFailedException("vm" + vmIndex + " " + failed.getRef().path().name() + " failed: "
        + failed.getCause(), failed.getCause());
  }

  /** A VM stopped because one of its actors failed. */
  static final class VmFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    VmFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
