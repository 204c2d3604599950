package tdpsim.actors.machine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.host.HostMemoryActor;
import tdpsim.actors.iommu.IommuActor;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.vm.VmSupervisorActor;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.HostMemory;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Migration;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.VmSupervisor;

/**
 * The root of one simulated machine running one design: builds the VMs (start-up population included), spawns
 * a supervisor per VM (which spawns that VM's vCPUs, TDP MMU and migration), the IOMMU units, the devices and
 * the host memory manager, then starts the first window of virtual time. A window is a barrier
 * ({@link WindowBarrier}): every vCPU, device, the host and each migration run until the window's end and
 * arrive; the last to arrive starts the next window. When the windows end, the guardian waits for invalidations
 * in flight and collects every entity's stats. A failed actor ends the run at once, marked incomplete, with the
 * reason.
 */
public final class MachineGuardian extends AbstractBehavior<Machine.Command> {
  /** Stats key, under run.until = work: vCPUs, devices and migrations not done when the run ended (0 = all). */
  public static final String WORK_UNFINISHED = "run.workUnfinished";

  private record MmuQuiesced(TdpMmu.Quiesced q) implements Machine.Internal {}

  private record VmReadyWrapped(VmSupervisor.VmReady ready) implements Machine.Internal {}

  /** The window barrier has no window to start: the run's time is up, every entity is idle, or it must stop. */
  private record WindowsEnded(long windowEndNs, long windows, String stopReason) implements Machine.Internal {}

  private record Stats(EntityStats stats) implements Machine.Internal {}

  private final MachineSpec spec;
  private final RunProgress progress;
  private final SimConfig config;
  private final MachineBuild build;
  private final Directory directory = new Directory();
  private final List<ActorRef<Vcpu.Command>> allVcpus = new ArrayList<>();
  private final List<ActorRef<VmSupervisor.Command>> supervisors = new ArrayList<>();
  private final WindowBarrier barrier;
  private final List<ActorRef<TdpMmu.Command>> mmus = new ArrayList<>();
  private final List<ActorRef<Iommu.Command>> iommus = new ArrayList<>();
  private final List<ActorRef<AssignedDevice.Command>> devices = new ArrayList<>();
  private ActorRef<HostMemory.Command> host;
  private final List<ActorRef<Migration.Command>> migrations = new ArrayList<>();
  private final ActorRef<VmSupervisor.VmReady> vmReadyAdapter;
  /** By VM index, what each supervisor reported; null until it did. */
  private final VmSupervisor.VmReady[] vmsReported;
  private int vmsReady;
  private boolean started;
  private final ActorRef<TdpMmu.Quiesced> quiescedAdapter;
  private final ActorRef<EntityStats> statsAdapter;

  private ActorRef<Machine.Finished> replyTo;
  private long windowEndNs;
  private long windows;
  private int pending;
  private String stopReason = "";
  private long messages;
  private final List<EntityStats> collected = new ArrayList<>();

  private MachineGuardian(ActorContext<Machine.Command> context, MachineSpec spec, RunProgress progress) {
    super(context);
    this.spec = spec;
    this.progress = progress;
    this.config = spec.config();
    this.build = MachineBuild.build(spec, progress.tracer());
    this.quiescedAdapter = context.messageAdapter(TdpMmu.Quiesced.class, MmuQuiesced::new);
    this.statsAdapter = context.messageAdapter(EntityStats.class, Stats::new);
    this.vmReadyAdapter = context.messageAdapter(VmSupervisor.VmReady.class, VmReadyWrapped::new);
    int[] vcpusPerVm = new int[spec.vms().size()];
    for (MachineSpec.Vm vmSpec : spec.vms()) {
      vcpusPerVm[vmSpec.index()] = vmSpec.vcpus();
    }
    boolean[] migrating = new boolean[spec.vms().size()];
    for (MigrationPlan plan : spec.migrations()) {
      migrating[plan.vmIndex()] = true;
    }
    this.barrier = new WindowBarrier(config.durationNs(), config.windowNs(), config.stopOnViolation(),
        build.violations(), progress, vcpusPerVm, spec.devices().size(), migrating, spec.untilWork());
    this.vmsReported = new VmSupervisor.VmReady[spec.vms().size()];
  }

  /**
   * Spawns the machine's actors. Only on Start: in deterministic mode the one dispatcher thread then runs from an
   * idle state, whatever moment the caller's Start arrives at from its own thread (spawned in setup, a Start that
   * landed while a VM supervisor was still spawning its vCPUs reordered their first turns, and with them every
   * in-window order of the run: docs/model.md, Time).
   */
  private void spawnMachine(ActorContext<Machine.Command> context) {
    // One supervisor per VM spawns the VM's vCPUs, MMU and migration and reports their refs; the directory is
    // published, and the first window starts, once every VM reported.
    for (MachineSpec.Vm vmSpec : spec.vms()) {
      VmContext vm = build.vms().get(vmSpec.index());
      MigrationPlan plan = spec.migrations().stream().filter(m -> m.vmIndex() == vmSpec.index()).findFirst()
          .orElse(null);
      List<Integer> vmDevices = build.devicesOfVm(vmSpec.index());
      ActorRef<VmSupervisor.Command> supervisor = context.spawn(VmSupervisorActor.create(
          new VmSupervisorActor.Spec(vm, vmSpec.vcpus(), vmSpec.vcpuSource(), vmSpec.thinkTimeNs(),
              vmSpec.maxAccessesPerVcpu(), vmSpec.tlbEntries(), plan, vmDevices),
          config, directory, barrier, vmReadyAdapter), "vm" + vmSpec.index());
      context.watch(supervisor);
      supervisors.add(supervisor);
    }
    for (int unit = 0; unit < spec.iommuUnits(); unit++) {
      iommus.add(context.spawn(IommuActor.create(unit, build.iotlbs().get(unit), build.vms(), config, directory),
          "iommu" + unit));
    }
    for (MachineSpec.Device d : spec.devices()) {
      AssignedDeviceActor.Spec ds = d.spec();
      devices.add(context.spawn(AssignedDeviceActor.create(ds, build.vms().get(ds.vmIndex()),
          build.iotlbs().get(ds.iommuUnit()), iommus.get(ds.iommuUnit()), d.dmaSource(), config, barrier),
          "device" + ds.index()));
    }
    host = context.spawn(HostMemoryActor.create(build.vms(), spec.events(), config, directory, barrier), "host");
    iommus.forEach(context::watch);
    devices.forEach(context::watch);
    context.watch(host);
  }

  public static Behavior<Machine.Command> create(MachineSpec spec) {
    return create(spec, new RunProgress());
  }

  /** @param progress updated once per window, for progress displays */
  public static Behavior<Machine.Command> create(MachineSpec spec, RunProgress progress) {
    return Behaviors.setup(ctx -> {
      try {
        return new MachineGuardian(ctx, spec, progress);
      } catch (RuntimeException | OutOfMemoryError e) {
        // The machine could not be built: answer Start with the reason instead of failing the actor system's
        // guardian, whose ask would then never be answered.
        return buildFailed(e instanceof OutOfMemoryError ? "out of memory while building the machine"
            : "machine build failed: " + e.getMessage());
      }
    });
  }

  private static Behavior<Machine.Command> buildFailed(String reason) {
    return Behaviors.receive(Machine.Command.class)
        .onMessage(Machine.Start.class, start -> {
          start.replyTo().tell(new Machine.Finished(false, reason, 0, 0, List.of()));
          return Behaviors.stopped();
        })
        .build();
  }

  @Override
  public Receive<Machine.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Machine.Start.class, this::onStart)
        .onMessage(VmReadyWrapped.class, this::onVmReady)
        .onMessage(WindowsEnded.class, this::onWindowsEnded)
        .onMessage(MmuQuiesced.class, this::onMmuQuiesced)
        .onMessage(Stats.class, this::onStats)
        .onSignal(ChildFailed.class, this::onChildFailed)
        .build();
  }

  private Behavior<Machine.Command> onStart(Machine.Start msg) {
    messages++;
    if (replyTo != null) {
      return this;
    }
    replyTo = msg.replyTo();
    try {
      spawnMachine(getContext());
    } catch (RuntimeException | OutOfMemoryError e) {
      replyTo.tell(new Machine.Finished(false, e instanceof OutOfMemoryError ? "out of memory while building the machine"
          : "machine build failed: " + e.getMessage(), 0, 0, List.of()));
      return Behaviors.stopped();
    }
    startWhenReady();
    return this;
  }

  private Behavior<Machine.Command> onVmReady(VmReadyWrapped w) {
    messages++;
    if (vmsReported[w.ready().vmIndex()] == null) {
      vmsReady++;
    }
    vmsReported[w.ready().vmIndex()] = w.ready();
    startWhenReady();
    return this;
  }

  /**
   * Every VM registered its actors and the run was asked for: collect the refs, tell the window barrier how to
   * start each member's window, start the first window.
   */
  private void startWhenReady() {
    if (replyTo == null || vmsReady < spec.vms().size() || started) {
      return;
    }
    started = true;
    publishDirectory();
    barrier.bind(barrier.hostSlot(), end -> host.tell(new HostMemory.RunWindow(end)));
    for (MachineSpec.Vm vmSpec : spec.vms()) {
      List<ActorRef<Vcpu.Command>> vcpus = directory.vcpusOf(vmSpec.index());
      for (int i = 0; i < vcpus.size(); i++) {
        ActorRef<Vcpu.Command> vcpu = vcpus.get(i);
        barrier.bind(barrier.vcpuSlot(vmSpec.index(), i), end -> vcpu.tell(new Vcpu.RunWindow(end)));
      }
      allVcpus.addAll(vcpus);
      mmus.add(directory.mmu(vmSpec.index()));
    }
    for (int d = 0; d < devices.size(); d++) {
      ActorRef<AssignedDevice.Command> device = devices.get(d);
      int slot = barrier.deviceSlot(spec.devices().get(d).spec().index());
      barrier.bind(slot, end -> device.tell(new AssignedDevice.RunWindow(end)));
    }
    for (MigrationPlan plan : spec.migrations()) {
      ActorRef<Migration.Command> migration = directory.migration(plan.vmIndex());
      migrations.add(migration);
      barrier.bind(barrier.migrationSlot(plan.vmIndex()), end -> migration.tell(new Migration.RunWindow(end)));
    }
    ActorRef<Machine.Command> self = getContext().getSelf();
    barrier.start((endNs, count, reason) -> self.tell(new WindowsEnded(endNs, count, reason)));
  }

  /** The one snapshot of the run's refs, built when every VM reported, before the first window. */
  private void publishDirectory() {
    List<List<ActorRef<Vcpu.Command>>> vcpus = new ArrayList<>();
    List<ActorRef<TdpMmu.Command>> vmMmus = new ArrayList<>();
    List<ActorRef<Migration.Command>> vmMigrations = new ArrayList<>();
    for (VmSupervisor.VmReady r : vmsReported) {
      vcpus.add(r.vcpus());
      vmMmus.add(r.mmu());
      vmMigrations.add(r.migration());
    }
    directory.publish(Directory.builder()
        .vcpus(vcpus)
        .mmus(vmMmus)
        .migrations(vmMigrations)
        .iommus(iommus)
        .devices(devices)
        .topology(spec.iommuUnits(), build.unitsOfVm(), build.atsDevicesOfVmOnUnit())
        .build());
  }

  private Behavior<Machine.Command> onWindowsEnded(WindowsEnded w) {
    messages++;
    windowEndNs = w.windowEndNs();
    windows = w.windows();
    stopReason = w.stopReason();
    if (spec.untilWork()) {
      build.machineRecorder().put(WORK_UNFINISHED, barrier.workUnfinished());
    }
    quiesce();
    return this;
  }

  private void quiesce() {
    pending = mmus.size();
    if (pending == 0) {
      collect();
      return;
    }
    for (ActorRef<TdpMmu.Command> mmu : mmus) {
      mmu.tell(new TdpMmu.Quiesce(quiescedAdapter));
    }
  }

  private Behavior<Machine.Command> onMmuQuiesced(MmuQuiesced q) {
    messages++;
    if (--pending == 0) {
      collect();
    }
    return this;
  }

  private void collect() {
    pending = allVcpus.size() + mmus.size() + iommus.size() + devices.size() + migrations.size() + 1;
    migrations.forEach(m -> m.tell(new Migration.ReportStats(statsAdapter)));
    allVcpus.forEach(v -> v.tell(new Vcpu.ReportStats(statsAdapter)));
    mmus.forEach(m -> m.tell(new TdpMmu.ReportStats(statsAdapter)));
    iommus.forEach(i -> i.tell(new Iommu.ReportStats(statsAdapter)));
    devices.forEach(d -> d.tell(new AssignedDevice.ReportStats(statsAdapter)));
    host.tell(new HostMemory.ReportStats(statsAdapter));
  }

  /** A bug in an actor: end the run at once, incomplete, with what the machine itself knows. */
  private Behavior<Machine.Command> onChildFailed(ChildFailed failed) {
    String reason = "actor " + failed.getRef().path().name() + " failed: " + failed.getCause();
    // The reason (with the cause) ends the run and goes in the report; the stack trace is for debug logging.
    getContext().getLog().debug(reason, failed.getCause());
    if (replyTo != null) {
      collected.add(build.machineRecorder().toStats());
      // The windows were still running: how far they got is what the barrier last published.
      replyTo.tell(new Machine.Finished(false, reason, progress.virtualNs(), progress.windows(), collected));
    }
    return Behaviors.stopped();
  }

  private Behavior<Machine.Command> onStats(Stats s) {
    collected.add(s.stats());
    if (--pending == 0) {
      Recorder machine = build.machineRecorder();
      machine.add(tdpsim.actors.stats.Counter.MESSAGES, messages + collected.size());
      collected.add(machine.toStats());
      collected.sort(Comparator.comparing(EntityStats::entity));
      boolean complete = stopReason.isEmpty();
      replyTo.tell(new Machine.Finished(complete, stopReason, windowEndNs, windows, collected));
      return Behaviors.stopped();
    }
    return this;
  }
}
