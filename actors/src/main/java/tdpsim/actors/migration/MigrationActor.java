package tdpsim.actors.migration;

import tdpsim.actors.trace.Tracing;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.flush.RemoteTlbFlush;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.memory.MmuLockGate;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.EagerSplit;
import tdpsim.actors.table.Spte;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Migration;
import tdpsim.protocol.MigrationReport;
import tdpsim.protocol.RoundStats;
import tdpsim.protocol.Vcpu;

/**
 * The live migration of one VM (pre-copy): at its start time it turns dirty tracking on (clear D bits, or
 * write-protect, or enable PML; split huge pages eagerly if asked), then sends all memory; each following round
 * harvests the dirty set, flushes the TLBs (and, where a device walks the table, the IOTLBs and device TLBs) so
 * that later writes are seen, then sends the set at the link's bandwidth while the VM runs on. When a round
 * leaves few enough dirty pages, or after the last round, it waits for that round's send to end, then pauses the
 * vCPUs, quiesces the devices (in-flight DMA drained), harvests once more and sends what was dirtied during the
 * send: the downtime. The write oracle then counts the pages written but never sent after their last write.
 *
 * <p>Its figures travel as a {@link MigrationReport} (one {@link RoundStats} per round) in the stats it sends at
 * the end of a run.
 */
public final class MigrationActor extends AbstractBehavior<Migration.Command> {
  private record WrappedTlbFlushed(Vcpu.TlbFlushed ack) implements Migration.Internal {}

  private record WrappedIotlbInvalidated(Iommu.IotlbInvalidated ack) implements Migration.Internal {}

  private record WrappedPaused(Vcpu.Paused ack) implements Migration.Internal {}

  private record WrappedQuiesced(AssignedDevice.Quiesced ack) implements Migration.Internal {}

  private enum Phase {
    WAITING,
    STARTING,
    COPYING,
    /** Sending the last live round's pages, the VM still running: stop-and-copy starts when the send ends. */
    LAST_COPYING,
    FLUSHING,
    PAUSING,
    FINAL_FLUSHING,
    DONE
  }

  private final VmContext vm;
  private final MigrationPlan plan;
  private final SimConfig config;
  private final Directory directory;
  private final List<Integer> devices;
  private final Recorder rec;
  private final CostDraws draws;
  private final ActorRef<Vcpu.TlbFlushed> tlbAdapter;
  private final ActorRef<Iommu.IotlbInvalidated> iotlbAdapter;
  private final ActorRef<Vcpu.Paused> pausedAdapter;
  private final ActorRef<AssignedDevice.Quiesced> quiescedAdapter;
  private final long pages;
  private Phase phase = Phase.WAITING;
  private long windowEndNs;
  private boolean inWindow;
  private final WindowBarrier barrier;
  private final int barrierSlot;
  private long clockNs;
  private long roundEndNs;
  private int round;
  private long pagesSent;
  private long[] harvest;
  private long harvestStartNs;
  /** The vCPUs' and IOMMU units' acknowledgements of the current flush. */
  private final RemoteTlbFlush.Acks flushAcks = new RemoteTlbFlush.Acks();
  /** vCPUs and devices still to acknowledge the pause of stop-and-copy. */
  private int pendingPauses;
  private long flushId;
  private long stopStartNs;
  private final List<RoundStats> rounds = new ArrayList<>();
  /** Set when the stop-and-copy completed: the figures only a finished migration has. */
  private MigrationReport done;

  private MigrationActor(ActorContext<Migration.Command> context, VmContext vm, MigrationPlan plan,
      List<Integer> devices, SimConfig config, Directory directory, WindowBarrier barrier) {
    super(context);
    this.barrier = barrier;
    this.barrierSlot = barrier.migrationSlot(vm.index());
    this.vm = vm;
    this.plan = plan;
    this.config = config;
    this.directory = directory;
    this.devices = List.copyOf(devices);
    this.rec = new Recorder("vm" + vm.index() + ".migration");
    this.draws = new CostDraws(config.costs(), CostDraws.MIGRATION, vm.index(), 0);
    this.pages = vm.layout().endGfn();
    this.tlbAdapter = context.messageAdapter(Vcpu.TlbFlushed.class, WrappedTlbFlushed::new);
    this.iotlbAdapter = context.messageAdapter(Iommu.IotlbInvalidated.class, WrappedIotlbInvalidated::new);
    this.pausedAdapter = context.messageAdapter(Vcpu.Paused.class, WrappedPaused::new);
    this.quiescedAdapter = context.messageAdapter(AssignedDevice.Quiesced.class, WrappedQuiesced::new);
  }

  /**
   * @param devices indices of the VM's assigned devices (quiesced at stop-and-copy)
   * @param barrier where the migration arrives once nothing of the window waits for an acknowledgement
   */
  public static Behavior<Migration.Command> create(VmContext vm, MigrationPlan plan, List<Integer> devices,
      SimConfig config, Directory directory, WindowBarrier barrier) {
    return Behaviors.setup(ctx -> new MigrationActor(ctx, vm, plan, devices, config, directory, barrier));
  }

  @Override
  public Receive<Migration.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Migration.RunWindow.class, this::onRunWindow)
        .onMessage(WrappedTlbFlushed.class, this::onTlbFlushed)
        .onMessage(WrappedIotlbInvalidated.class, this::onIotlbInvalidated)
        .onMessage(WrappedPaused.class, this::onPaused)
        .onMessage(WrappedQuiesced.class, this::onQuiesced)
        .onMessage(Migration.ReportStats.class, this::onReportStats)
        .build();
  }

  private Behavior<Migration.Command> onRunWindow(Migration.RunWindow msg) {
    rec.inc(Counter.MESSAGES);
    windowEndNs = msg.windowEndNs();
    inWindow = true;
    advance();
    return this;
  }

  /** Takes every step due before the window's end; arrives once nothing waits for an acknowledgement. */
  private void advance() {
    if (phase == Phase.WAITING && plan.startNs() < windowEndNs) {
      startTracking();
      return;
    }
    if ((phase == Phase.COPYING || phase == Phase.LAST_COPYING) && roundEndNs < windowEndNs) {
      clockNs = roundEndNs;
      if (phase == Phase.LAST_COPYING) {
        stopAndCopy();
      } else {
        harvestAndFlush(false);
      }
      return;
    }
    if (phase == Phase.STARTING || phase == Phase.FLUSHING || phase == Phase.PAUSING
        || phase == Phase.FINAL_FLUSHING) {
      return;
    }
    if (inWindow) {
      inWindow = false;
      barrier.arrive(barrierSlot, phase == Phase.DONE);
    }
  }

  /**
   * Turns tracking on, then flushes: a TLB or IOTLB entry cached before tracking started may still allow a write
   * without setting the D bit or faulting, so the bulk copy starts only once every walker dropped them.
   */
  private void startTracking() {
    clockNs = plan.startNs();
    // The flags change inside an invalidation of the VM's range, as the TDP MMU's own dirty-log job does: see
    // TdpFaultHandler.synchronizeFaults.
    InvalidationTracker tracker = vm.tdpFaults().tracker();
    tracker.begin(0, pages);
    try {
      vm.tdpFaults().synchronizeFaults(0, pages);
      applyTrackingFlags();
    } finally {
      tracker.end(0, pages);
    }
    phase = Phase.STARTING;
    harvestStartNs = clockNs;
    flushAll();
  }

  /** Small pages, the dirty log, and the first protection or D-bit clear (unless initially set). */
  private void applyTrackingFlags() {
    if (plan.eagerSplit() || plan.tracking() == MigrationPlan.Tracking.WRITE_PROTECT) {
      vm.tdpFaults().setSmallPagesOnly(true);
    }
    if (plan.eagerSplit()) {
      splitAllHugeLeaves();
    }
    if (plan.tracking() == MigrationPlan.Tracking.WRITE_PROTECT) {
      vm.tdpFaults().setDirtyLog(vm.migration().dirtyLog());
    }
    if (plan.tracking() == MigrationPlan.Tracking.PML) {
      // KVM with PML maps 4 KiB leaves while logging, and write-protects the huge leaves still there: their
      // first write faults, splits and is logged by the fault path; 4 KiB writes are logged by the CPU.
      vm.migration().enablePml();
      vm.tdpFaults().setSmallPagesOnly(true);
      vm.tdpFaults().setDirtyLog(vm.migration().dirtyLog());
    }
    if (!plan.initiallySet()) {
      armEveryPage();
      long iommuScanned = 0;
      if (vm.iommuTable() != null && vm.iommuTable() != vm.tdp() && !plan.deviceAllAtStop()) {
        long[] scratch = new long[(int) ((pages + 63) >>> 6)];
        iommuScanned = vm.iommuTable().harvest(0, pages, scratch, true, Spte.DIRTY).entriesScanned();
      }
      clockNs = underMmuWriteLock(clockNs, pages * draws.ns(CostKey.DIRTY_LOG_CLEAR_PER_PAGE))
          + iommuScanned * draws.ns(CostKey.HARVEST_PER_ENTRY);
    }
  }

  /** Tracking is on everywhere: the bulk copy (round 1) starts, and so does the oracle. */
  private void startCopy() {
    vm.migration().oracle().start();
    round = 1;
    long sendNs = plan.sendNs(pages);
    pagesSent += pages;
    rounds.add(new RoundStats(1, pages, null, clockNs - harvestStartNs, clockNs - plan.startNs() + sendNs));
    roundEndNs = clockNs + sendNs;
    phase = Phase.COPYING;
    advance();
  }

  private void splitAllHugeLeaves() {
    long splits = EagerSplit.trySplitHugePages(vm.tdp(), 0, pages);
    rec.add(Counter.DIRTY_LOG_SPLITS, splits);
    // tdp_mmu_split_huge_page: "the translation will be the same either way": no flush, no IOTLB invalidation,
    // in a shared table too (the flush after tracking starts is for the D bits, not the splits).
    clockNs += draws.eachNs(CostKey.SPLIT, splits);
  }

  /** Harvest the dirty set the design sees, then flush so that writes from now on are seen next time. */
  private void harvestAndFlush(boolean fin) {
    harvestStartNs = clockNs;
    harvest = new long[(int) ((pages + 63) >>> 6)];
    long scanned = harvestTracked();
    long iommuScanned = 0;
    boolean ownIommuTable = vm.iommuTable() != null && vm.iommuTable() != vm.tdp();
    if (ownIommuTable && !plan.deviceAllAtStop()) {
      iommuScanned = vm.iommuTable().harvest(0, pages, harvest, true, Spte.DIRTY).entriesScanned();
    }
    // The RFC's KVM domain has no dirty tracking (the IOMMU sets no D bit in the exported root): all-at-stop is
    // the only way its device writes reach the destination.
    boolean untrackedDevices = ownIommuTable || (vm.shared() && config.mode().isExportedRoot());
    if (fin && untrackedDevices && plan.deviceAllAtStop()) {
      // VFIO without device dirty tracking: every pinned page may have been written by the device.
      setEveryPage(harvest);
    }
    clockNs = underMmuWriteLock(clockNs, scanned * draws.ns(CostKey.DIRTY_LOG_CLEAR_PER_PAGE))
        + iommuScanned * draws.ns(CostKey.HARVEST_PER_ENTRY);
    if (vm.tracer() != null) Tracing.harvest(vm.tracer(), clockNs, vm.index(), round, harvest, fin);
    phase = fin ? Phase.FINAL_FLUSHING : Phase.FLUSHING;
    flushAll();
  }

  /** Moves the pages the plan's tracking saw written into {@code harvest}, re-arming it; returns pages scanned. */
  private long harvestTracked() {
    if (round == 1 && plan.initiallySet()) {
      return firstClearInitiallySet();
    }
    switch (plan.tracking()) {
      case D_BITS -> {
        vm.tdp().harvestDirty(0, pages, harvest, true);
        return pages;
      }
      case PML -> {
        vm.migration().dirtyLog().drainInto(harvest);
        return rearmLogged(false);
      }
      case WRITE_PROTECT -> {
        vm.migration().dirtyLog().drainInto(harvest);
        return rearmLogged(true);
      }
    }
    return 0;
  }

  /**
   * Re-arms tracking on the pages just drained into {@code harvest}, so that their next write is logged again:
   * with PML, KVM clears the D bits of the logged pages only; with write protection, it protects them again.
   * Returns the pages handled.
   */
  private long rearmLogged(boolean writeProtect) {
    long scanned = 0;
    long[] scratch = new long[1];
    for (int w = 0; w < harvest.length; w++) {
      long bits = harvest[w];
      while (bits != 0) {
        long gfn = ((long) w << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        if (writeProtect) {
          vm.tdp().writeProtect(gfn, gfn + 1);
        } else {
          vm.tdp().harvestDirty(gfn, gfn + 1, scratch, true);
          scratch[0] = 0;
        }
        scanned++;
      }
    }
    return scanned;
  }

  /**
   * KVM_DIRTY_LOG_INITIALLY_SET: the first bitmap has every page set, and clearing it is what starts the
   * tracking, on every page: kvm_arch_mmu_enable_log_dirty_pt_masked write-protects the huge leaves, then
   * write-protects the 4 KiB ones (or, with PML, clears their D bits). Returns the pages handled.
   */
  private long firstClearInitiallySet() {
    vm.migration().dirtyLog().drainInto(harvest);
    setEveryPage(harvest);
    armEveryPage();
    return pages;
  }

  /**
   * Arms the plan's tracking on every page of the VM: write-protects every leaf, or clears every D bit and, with
   * PML, write-protects the huge leaves (their first write faults and splits). At enable
   * (kvm_mmu_slot_apply_flags) or at an initially-set first clear.
   */
  private void armEveryPage() {
    if (plan.tracking() == MigrationPlan.Tracking.WRITE_PROTECT) {
      vm.tdp().writeProtect(0, pages);
      return;
    }
    vm.tdp().harvestDirty(0, pages, new long[(int) ((pages + 63) >>> 6)], true);
    if (plan.tracking() == MigrationPlan.Tracking.PML) {
      DirtyLogging.writeProtectHugeLeaves(vm.tdp(), 0, pages);
    }
  }

  /** Sets the bit of every one of the VM's {@code pages} in {@code bitmap}. */
  private void setEveryPage(long[] bitmap) {
    for (int w = 0; w < bitmap.length; w++) {
      bitmap[w] = -1L;
    }
    if ((pages & 63) != 0) {
      bitmap[bitmap.length - 1] = (1L << (pages & 63)) - 1;
    }
  }

  /**
   * KVM clears dirty state (clear_dirty_pt_masked, write-protection) holding the VM's mmu_lock for write, for
   * {@code holdNs} from {@code fromNs}; returns when it is released. The hold goes into the VM's mmu_lock gate,
   * so vCPU faults and page requests that arrive inside it wait (mmuLockWait), and it queues behind earlier
   * writers. Simplified: while the TDP MMU's own zap holds the lock open, the harvest is charged from
   * {@code fromNs} without a recorded hold (it does not wait for the zap).
   */
  private long underMmuWriteLock(long fromNs, long holdNs) {
    long start = vm.tdpFaults().mmuLock().holdWrite(fromNs, holdNs);
    if (start == MmuLockGate.BLOCKED) {
      return fromNs + holdNs;
    }
    if (start > fromNs) {
      rec.record(LatencyKind.MMU_LOCK_WAIT, start - fromNs);
    }
    return start + holdNs;
  }

  /** TLB flush of the VM's vCPUs and, where a device walks a table whose bits were cleared, IOTLB + devTLB. */
  private void flushAll() {
    boolean ownIommuTable = vm.iommuTable() != null && vm.iommuTable() != vm.tdp();
    flushId++;
    boolean iotlbs = directory.unitsOfVm(vm.index()).length > 0
        && (vm.shared() || (ownIommuTable && !plan.deviceAllAtStop()));
    rec.inc(Counter.TLB_FLUSHES);
    int acks = RemoteTlbFlush.flushRemoteTlbsRange(directory, vm.index(), flushId, 0, pages, clockNs, tlbAdapter);
    if (iotlbs) {
      acks += RemoteTlbFlush.invalidateIotlbs(directory, vm.index(), flushId, 0, pages, clockNs, iotlbAdapter);
    }
    flushAcks.expect(flushId, acks, clockNs);
    if (acks == 0) {
      flushed(clockNs);
    }
  }

  private Behavior<Migration.Command> onTlbFlushed(WrappedTlbFlushed w) {
    rec.inc(Counter.MESSAGES);
    ack(w.ack().flushId(), w.ack().doneNs() + draws.remoteTlbFlushNs(vm.vcpus()));
    return this;
  }

  private Behavior<Migration.Command> onIotlbInvalidated(WrappedIotlbInvalidated w) {
    rec.inc(Counter.MESSAGES);
    ack(w.ack().invalidationId(), w.ack().doneNs());
    return this;
  }

  private void ack(long id, long doneNs) {
    if (phase != Phase.STARTING && phase != Phase.FLUSHING && phase != Phase.FINAL_FLUSHING) {
      return;
    }
    if (flushAcks.ack(id, doneNs)) {
      clockNs = Math.max(clockNs, flushAcks.maxDoneNs());
      flushed(clockNs);
    }
  }

  /** The harvested pages are copied now: their writes so far reach the destination. */
  private void flushed(long nowNs) {
    if (phase == Phase.STARTING) {
      startCopy();
      return;
    }
    vm.migration().oracle().markSent(harvest);
    long[] writes = vm.migration().oracle().takeRound();
    long dirty = 0;
    for (long w : harvest) {
      dirty += Long.bitCount(w);
    }
    boolean fin = phase == Phase.FINAL_FLUSHING;
    int next = round + 1;
    long sendNs = plan.sendNs(dirty);
    rounds.add(new RoundStats(next, dirty, new RoundStats.Dirtied(dirty, writes[0], writes[1], writes[2]),
        nowNs - harvestStartNs, nowNs - harvestStartNs + sendNs));
    round = next;
    pagesSent += dirty;
    clockNs = nowNs + sendNs;
    if (fin) {
      phase = Phase.DONE;
      List<Long> lost = new ArrayList<>();
      for (long gfn : vm.migration().oracle().firstUnsent(3)) {
        lost.add(gfn);
      }
      done = new MigrationReport(vm.index(), round, pagesSent, clockNs - plan.startNs(), clockNs - stopStartNs,
          vm.migration().oracle().unsentPages(), true, lost, rounds);
      advance();
      return;
    }
    // The round's pages are sent live either way: the vCPUs and devices keep running, and dirtying, until the
    // send ends; only then does a last round pause them for stop-and-copy, which sends what they dirtied meanwhile.
    roundEndNs = clockNs;
    phase = dirty <= plan.convergePages() || round >= plan.maxRounds() ? Phase.LAST_COPYING : Phase.COPYING;
    advance();
  }

  private void stopAndCopy() {
    phase = Phase.PAUSING;
    stopStartNs = clockNs;
    List<ActorRef<Vcpu.Command>> vcpus = directory.vcpusOf(vm.index());
    pendingPauses = vcpus.size() + devices.size();
    for (ActorRef<Vcpu.Command> v : vcpus) {
      v.tell(new Vcpu.Pause(pausedAdapter));
    }
    for (int d : devices) {
      directory.device(d).tell(new AssignedDevice.Quiesce(quiescedAdapter));
    }
    if (pendingPauses == 0) {
      harvestAndFlush(true);
    }
  }

  private Behavior<Migration.Command> onPaused(WrappedPaused w) {
    rec.inc(Counter.MESSAGES);
    pausedOrQuiesced();
    return this;
  }

  private Behavior<Migration.Command> onQuiesced(WrappedQuiesced w) {
    rec.inc(Counter.MESSAGES);
    pausedOrQuiesced();
    return this;
  }

  private void pausedOrQuiesced() {
    if (phase == Phase.PAUSING && --pendingPauses == 0) {
      harvestAndFlush(true);
    }
  }

  private Behavior<Migration.Command> onReportStats(Migration.ReportStats msg) {
    rec.inc(Counter.MESSAGES);
    EntityStats stats = rec.toStats();
    msg.replyTo().tell(new EntityStats(stats.entity(), stats.counters(), stats.latencyHistograms(),
        stats.invariantViolations(), report()));
    return this;
  }

  /** The migration as it stands: null before it started, unfinished (no times, no lost writes) while it runs. */
  private MigrationReport report() {
    if (phase == Phase.WAITING) {
      return null;
    }
    if (phase == Phase.DONE) {
      return done;
    }
    return new MigrationReport(vm.index(), round, pagesSent, 0, 0, 0, false, List.of(), rounds);
  }
}
