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
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.Migration;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.VmSupervisor;

/**
 * One VM's supervisor (the per-VM parent, as QEMU's process is for its vCPU threads and KVM's VM file for its
 * MMU): spawns the VM's vCPUs, its TDP MMU and, when the VM migrates, its migration; registers them in the
 * machine's directory; and, when one of them fails, stops the VM with the failure as the reason, which ends
 * the run incomplete instead of leaving the machine waiting for a VM that can no longer answer.
 */
public final class VmSupervisorActor extends AbstractBehavior<VmSupervisor.Command> {
  /**
   * What the supervisor needs to build its VM's actors; {@code migrationDevices} are the VM's assigned devices
   * (run in its windows, quiesced by its migration).
   */
  public record Spec(VmContext vm, int vcpus, java.util.function.IntFunction<AccessSource> vcpuSource,
      long thinkTimeNs, long maxAccessesPerVcpu, int tlbEntries, MigrationPlan migration,
      List<Integer> migrationDevices) {}

  private record VcpuDone(Vcpu.WindowDone done) implements VmSupervisor.Internal {}

  private record DeviceDone(AssignedDevice.WindowDone done) implements VmSupervisor.Internal {}

  private record MigrationDone(Migration.WindowDone done) implements VmSupervisor.Internal {}

  private final int vmIndex;
  private final Directory directory;
  private final List<ActorRef<Vcpu.Command>> vcpus = new ArrayList<>();
  private final List<Integer> devices;
  private final boolean[] vcpuExhausted;
  private final boolean[] deviceStopped;
  private ActorRef<Migration.Command> migration;
  private boolean migrationFinished;
  private final ActorRef<Vcpu.WindowDone> vcpuDoneAdapter;
  private final ActorRef<AssignedDevice.WindowDone> deviceDoneAdapter;
  private final ActorRef<Migration.WindowDone> migrationDoneAdapter;
  private ActorRef<VmSupervisor.WindowDone> windowReplyTo;
  private long windowEndNs;
  private int pending;

  private VmSupervisorActor(ActorContext<VmSupervisor.Command> context, Spec spec, SimConfig config,
      Directory directory, ActorRef<VmSupervisor.VmReady> ready) {
    super(context);
    VmContext vm = spec.vm();
    this.vmIndex = vm.index();
    this.directory = directory;
    this.devices = List.copyOf(spec.migrationDevices());
    this.vcpuExhausted = new boolean[spec.vcpus()];
    this.deviceStopped = new boolean[devices.size()];
    this.vcpuDoneAdapter = context.messageAdapter(Vcpu.WindowDone.class, VcpuDone::new);
    this.deviceDoneAdapter = context.messageAdapter(AssignedDevice.WindowDone.class, DeviceDone::new);
    this.migrationDoneAdapter = context.messageAdapter(Migration.WindowDone.class, MigrationDone::new);
    for (int i = 0; i < spec.vcpus(); i++) {
      int index = i;
      ActorRef<Vcpu.Command> ref = context.spawn(VcpuActor.create(vm, i, () -> spec.vcpuSource().apply(index),
          spec.thinkTimeNs(), spec.maxAccessesPerVcpu(), spec.tlbEntries(), config), "vcpu" + i);
      context.watch(ref);
      vcpus.add(ref);
    }
    ActorRef<TdpMmu.Command> mmu = context.spawn(TdpMmuActor.create(vm, config, directory), "mmu");
    context.watch(mmu);
    if (spec.migration() != null) {
      this.migration = context.spawn(MigrationActor.create(vm, spec.migration(), spec.migrationDevices(), config,
          directory), "migration");
      context.watch(migration);
    }
    migrationFinished = migration == null;
    directory.registerVm(vm.index(), vcpus, mmu, migration);
    ready.tell(new VmSupervisor.VmReady(vm.index()));
  }

  /** @param ready told once the VM's actors are spawned and registered */
  public static Behavior<VmSupervisor.Command> create(Spec spec, SimConfig config, Directory directory,
      ActorRef<VmSupervisor.VmReady> ready) {
    return Behaviors.setup(ctx -> new VmSupervisorActor(ctx, spec, config, directory, ready));
  }

  @Override
  public Receive<VmSupervisor.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(VmSupervisor.RunWindow.class, this::onRunWindow)
        .onMessage(VcpuDone.class, this::onVcpuDone)
        .onMessage(DeviceDone.class, this::onDeviceDone)
        .onMessage(MigrationDone.class, this::onMigrationDone)
        .onSignal(ChildFailed.class, this::onChildFailed)
        .build();
  }

  /** Fans the window out to the VM's entities that can still run; replies once all of them are done. */
  private Behavior<VmSupervisor.Command> onRunWindow(VmSupervisor.RunWindow msg) {
    windowEndNs = msg.windowEndNs();
    windowReplyTo = msg.replyTo();
    pending = 1;
    for (int i = 0; i < vcpus.size(); i++) {
      if (!vcpuExhausted[i]) {
        pending++;
        vcpus.get(i).tell(new Vcpu.RunWindow(windowEndNs, vcpuDoneAdapter));
      }
    }
    for (int i = 0; i < devices.size(); i++) {
      if (!deviceStopped[i]) {
        pending++;
        directory.device(devices.get(i)).tell(new AssignedDevice.RunWindow(windowEndNs, deviceDoneAdapter));
      }
    }
    if (!migrationFinished) {
      pending++;
      migration.tell(new Migration.RunWindow(windowEndNs, migrationDoneAdapter));
    }
    return ack();
  }

  private Behavior<VmSupervisor.Command> onVcpuDone(VcpuDone w) {
    if (w.done().exhausted()) {
      vcpuExhausted[w.done().vcpuIndex()] = true;
    }
    return ack();
  }

  private Behavior<VmSupervisor.Command> onDeviceDone(DeviceDone w) {
    if (w.done().stopped()) {
      deviceStopped[devices.indexOf(w.done().deviceIndex())] = true;
    }
    return ack();
  }

  private Behavior<VmSupervisor.Command> onMigrationDone(MigrationDone w) {
    migrationFinished |= w.done().finished();
    return ack();
  }

  private Behavior<VmSupervisor.Command> ack() {
    if (--pending == 0) {
      windowReplyTo.tell(new VmSupervisor.WindowDone(vmIndex, windowEndNs, isIdle()));
    }
    return this;
  }

  private boolean isIdle() {
    for (boolean b : vcpuExhausted) {
      if (!b) {
        return false;
      }
    }
    for (boolean b : deviceStopped) {
      if (!b) {
        return false;
      }
    }
    return migrationFinished;
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
