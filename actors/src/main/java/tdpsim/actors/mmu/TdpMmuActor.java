package tdpsim.actors.mmu;

import tdpsim.actors.trace.TraceKind;
import tdpsim.actors.trace.Tracing;
import java.util.ArrayDeque;
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
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.fault.Population;
import tdpsim.actors.flush.RemoteTlbFlush;
import tdpsim.actors.memory.MmuLockGate;
import tdpsim.actors.migration.DirtyLogging;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.DeferredFree;
import tdpsim.actors.table.EagerSplit;
import tdpsim.actors.table.ZapResult;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Mode;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.ZapCause;

/**
 * A VM's TDP MMU. It handles device faults forwarded from the IOMMU's page request queue with the same fault
 * handler the vCPUs use, and runs the invalidation path of every zap with {@code mmu_lock} held for write
 * ({@link MmuLockGate}): zap (leaf-only for MMU-notifier events, or split in place, or avoid) under exclusive
 * stripes, remote TLB flush of the VM's vCPUs, then, where a device walks this table, IOTLB and device-TLB
 * invalidation; then the lock is released, and only after the acknowledgement are the table pages the zap
 * unlinked freed. A memslot delete/move with {@code slot-zap-all} is {@code kvm_mmu_zap_all_fast}: every root
 * invalidated, the whole VM zapped, new roots; a device walking the table then switches roots (PASID entry,
 * domain-selective invalidation, full device-TLB invalidation, page-request drain) after the lock is released.
 * Device faults that arrive while the lock is write-held wait for its release. Invalidations run one at a time
 * in arrival order.
 */
public final class TdpMmuActor extends AbstractBehavior<TdpMmu.Command> {
  private record WrappedTlbFlushed(Vcpu.TlbFlushed ack) implements TdpMmu.Internal {}

  private record WrappedIotlbInvalidated(Iommu.IotlbInvalidated ack) implements TdpMmu.Internal {}

  /** One zap request waiting or running. */
  private static final class Job {
    final long eventId;
    final long startGfn;
    final long endGfn;
    final ZapCause cause;
    final long raisedNs;
    final ActorRef<TdpMmu.InvalidateDone> replyTo;
    /** An MMU-notifier invalidation: its range stays in progress until the host's range end. */
    final boolean notifier;
    long clockNs;
    long flushStartNs;
    boolean performed;
    /** kvm_mmu_zap_all_fast: the whole VM is zapped and new roots are built. */
    boolean zapAll;
    /** The range faults must retry on while this job runs (the whole VM for zap-all). */
    long trackStartGfn;
    long trackEndGfn;
    /** mmu_lock is write-held by this job. */
    boolean lockHeld;
    boolean flushNeeded;
    long flushStartGfn;
    long flushEndGfn;
    DeferredFree deferred;
    /** Table pages a dirty-log transition unlinked (one handle per rebuilt or zapped block). */
    final List<DeferredFree> moreDeferred = new ArrayList<>(0);

    Job(long eventId, long startGfn, long endGfn, ZapCause cause, long raisedNs,
        ActorRef<TdpMmu.InvalidateDone> replyTo, boolean notifier) {
      this.notifier = notifier;
      this.eventId = eventId;
      this.startGfn = startGfn;
      this.endGfn = endGfn;
      this.cause = cause;
      this.raisedNs = raisedNs;
      this.replyTo = replyTo;
    }
  }

  private final VmContext vm;
  private final SimConfig config;
  private final Directory directory;
  private final Recorder rec;
  private final FaultResult fault = new FaultResult();
  private final CostDraws draws;
  private final DirtyLogging.Outcome dirtyLogOutcome = new DirtyLogging.Outcome();
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private final ActorRef<Vcpu.TlbFlushed> tlbAckAdapter;
  private final ActorRef<Iommu.IotlbInvalidated> iotlbAckAdapter;
  /** The vCPUs' acknowledgements of the current job's remote TLB flush. */
  private final RemoteTlbFlush.Acks tlbAcks = new RemoteTlbFlush.Acks();
  /** The IOMMU units' acknowledgements of the current job's IOTLB invalidation or root switch. */
  private final RemoteTlbFlush.Acks iotlbAcks = new RemoteTlbFlush.Acks();
  private final ArrayDeque<ActorRef<TdpMmu.Quiesced>> quiesceWaiters = new ArrayDeque<>();
  /** Device faults that arrived while mmu_lock was write-held: handled in order at the release. */
  private final ArrayDeque<TdpMmu.Fault> faultsWaitingForLock = new ArrayDeque<>();
  private final MmuLockGate mmuLock;
  private Job current;
  private long nextFlushId;

  private TdpMmuActor(ActorContext<TdpMmu.Command> context, VmContext vm, SimConfig config, Directory directory) {
    super(context);
    this.vm = vm;
    this.config = config;
    this.directory = directory;
    this.rec = new Recorder("vm" + vm.index() + ".mmu");
    this.draws = new CostDraws(config.costs(), CostDraws.MMU, vm.index(), 0);
    this.fault.draws = draws;
    this.mmuLock = vm.tdpFaults().mmuLock();
    this.tlbAckAdapter = context.messageAdapter(Vcpu.TlbFlushed.class, WrappedTlbFlushed::new);
    this.iotlbAckAdapter = context.messageAdapter(Iommu.IotlbInvalidated.class, WrappedIotlbInvalidated::new);
  }

  public static Behavior<TdpMmu.Command> create(VmContext vm, SimConfig config, Directory directory) {
    return Behaviors.setup(ctx -> new TdpMmuActor(ctx, vm, config, directory));
  }

  @Override
  public Receive<TdpMmu.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(TdpMmu.Fault.class, this::onFault)
        .onMessage(TdpMmu.Invalidate.class, this::onInvalidate)
        .onMessage(TdpMmu.ZapRange.class, this::onZapRange)
        .onMessage(TdpMmu.InvalidateRangeEnd.class, this::onInvalidateRangeEnd)
        .onMessage(WrappedTlbFlushed.class, this::onTlbFlushed)
        .onMessage(WrappedIotlbInvalidated.class, this::onIotlbInvalidated)
        .onMessage(TdpMmu.Quiesce.class, this::onQuiesce)
        .onMessage(TdpMmu.ReportStats.class, this::onReportStats)
        .build();
  }

  /**
   * A device's page request, forwarded by the IOMMU: the same fault path as a vCPU's EPT violation, under
   * mmu_lock held for read, so it waits while a zap holds the lock for write.
   */
  private Behavior<TdpMmu.Command> onFault(TdpMmu.Fault msg) {
    rec.inc(Counter.MESSAGES);
    if (mmuLock.isWriteOpen()) {
      faultsWaitingForLock.add(msg);
      return this;
    }
    handleFault(msg);
    return this;
  }

  private void handleFault(TdpMmu.Fault msg) {
    long waitNs = Math.max(0, mmuLock.readWaitNs(msg.raisedNs()));
    if (waitNs > 0) {
      rec.inc(Counter.MMU_LOCK_WAITS);
      rec.record(LatencyKind.MMU_LOCK_WAIT, waitNs);
    }
    fault.nowNs = msg.raisedNs() + waitNs;
    vm.tdpFaults().handle(msg.gfn(), msg.access(), fault);
    if (vm.tracer() != null) Tracing.fault(vm.tracer(), msg.raisedNs(), vm.index(), "mmu", 0, msg.gfn(), fault);
    rec.inc(Counter.DEVICE_FAULTS_HANDLED);
    boolean exported = config.mode().isExportedRoot();
    if (exported && fault.outcome == FaultResult.Outcome.NO_MEMSLOT) {
      // kvm_mmu_fault_exported_tdp refuses emulated-MMIO gfns (and write-tracked ones, which no tdpsim
      // scenario has): the page request fails and the device takes a fatal fault.
      rec.inc(Counter.EXPORTED_FAULTS_FAILED);
    }
    if (!exported && fault.mmioSpteInstalled) {
      rec.inc(Counter.FORMAT_HAZARDS_MMIO_SPTE);
    }
    if (!exported && fault.installed) {
      rec.inc(Counter.FORMAT_HAZARDS_BIT11_SNP);
    }
    rec.add(Counter.HOST_PAGES_ALLOCATED, fault.allocatedPages);
    boolean mapped = fault.outcome == FaultResult.Outcome.RESOLVED;
    boolean retry = fault.outcome == FaultResult.Outcome.RETRY;
    if (retry) {
      rec.inc(Counter.FAULT_RETRIES);
    }
    msg.replyTo().tell(new TdpMmu.FaultResolved(msg.requestId(), msg.gfn(), mapped, retry, fault.level,
        msg.raisedNs() + waitNs + fault.costNs));
  }

  private Behavior<TdpMmu.Command> onInvalidate(TdpMmu.Invalidate msg) {
    rec.inc(Counter.MESSAGES);
    enqueue(new Job(msg.eventId(), msg.startGfn(), msg.endGfn(), msg.cause(), msg.raisedNs(), msg.replyTo(),
        true));
    return this;
  }

  /**
   * invalidate_range_end: only now, after the host changed the pages, may faults on the range install again;
   * ending at the zap's acknowledgement would let a fault map the old frame the host is about to free.
   */
  private Behavior<TdpMmu.Command> onInvalidateRangeEnd(TdpMmu.InvalidateRangeEnd msg) {
    rec.inc(Counter.MESSAGES);
    vm.tdpFaults().tracker().end(msg.startGfn(), msg.endGfn());
    return this;
  }

  private Behavior<TdpMmu.Command> onZapRange(TdpMmu.ZapRange msg) {
    rec.inc(Counter.MESSAGES);
    enqueue(new Job(msg.eventId(), msg.startGfn(), msg.endGfn(), msg.cause(), msg.raisedNs(), msg.replyTo(),
        false));
    return this;
  }

  private void enqueue(Job job) {
    queue.add(job);
    if (current == null) {
      startNext();
    }
  }

  private void startNext() {
    current = queue.poll();
    if (current == null) {
      while (!quiesceWaiters.isEmpty()) {
        quiesceWaiters.poll().tell(new TdpMmu.Quiesced(vm.index()));
      }
      return;
    }
    Job job = current;
    job.clockNs = job.raisedNs + draws.ns(CostKey.MMU_NOTIFIER);
    // A VM whose table no device walks (no device, or a vIOMMU guest that fell back to separate) exports nothing.
    Mode tableMode = vm.shared() ? config.mode() : Mode.SEPARATE;
    ZapPlanner.Plan plan = ZapPlanner.plan(tableMode, job.cause, config.kvm().skipZapExported());
    job.zapAll = job.cause == ZapCause.MEMSLOT && config.kvm().slotZapAll() && plan == ZapPlanner.Plan.ZAP;
    job.trackStartGfn = job.zapAll ? 0 : job.startGfn;
    job.trackEndGfn = job.zapAll ? vm.tdp().settings().gfnLimit() : job.endGfn;
    vm.tdpFaults().tracker().begin(job.trackStartGfn, job.trackEndGfn);
    long lockedNs = mmuLock.acquireWrite(job.clockNs);
    if (lockedNs > job.clockNs) {
      rec.record(LatencyKind.MMU_LOCK_WAIT, lockedNs - job.clockNs);
      job.clockNs = lockedNs;
    }
    job.lockHeld = true;
    if (job.cause == ZapCause.DIRTY_LOG || job.cause == ZapCause.DIRTY_LOG_STOP) {
      // Dirty logging on or off: never a notifier-style zap (kvm_mmu_slot_apply_flags), under the write lock.
      dirtyLogTransition(job);
    } else {
      switch (plan) {
        case ZAP -> zap(job);
        case SPLIT_IN_PLACE -> splitInPlace(job);
        case AVOID -> rec.zapAvoided(job.cause);
      }
    }
    if (job.flushNeeded && config.faultInjection() != SimConfig.FaultInjection.SKIP_TLB_FLUSH) {
      flushTlbs(job);
    } else {
      afterTlbFlush(job);
    }
  }

  private void zap(Job job) {
    ZapResult zr;
    boolean zapCounted = true;
    if (job.zapAll && exportedRoot()) {
      // The 2023 RFC: the exported root is never invalidated; kvm_mmu_zap_all_fast zaps its leaves
      // synchronously instead (no root switch, no new root for the IOMMU, table pages stay).
      zr = vm.tdp().zapLeafs(job.trackStartGfn, job.trackEndGfn);
      rec.inc(Counter.EXPORTED_ROOT_LEAF_ZAPS);
    } else if (job.zapAll) {
      // kvm_mmu_zap_all_fast: every root is invalidated and the whole VM zapped, table pages included; the
      // vCPUs reload new roots (here: the root page is kept and reused as the new root).
      zr = vm.tdp().zap(job.trackStartGfn, job.trackEndGfn);
      rec.inc(Counter.ROOT_SWITCHES);
      if (vm.tracer() != null) vm.tracer().event(TraceKind.ROOT_SWITCH, job.clockNs, vm.index(), "mmu", 0,
          vm.tdp().rootFrame(), vm.tdp().rootFrame(), 0, job.cause.configName());
    } else if (job.notifier && ZapPlanner.isLeafOnly(job.cause) && skipsPinnedBuffers()
        && vm.frames().overlapsPinned(job.startGfn, job.endGfn)) {
      // The pinned part counts as avoided; the rest is zapped leaf by leaf.
      rec.zapAvoided(job.cause);
      zr = vm.tdp().zapLeafsExcept(job.startGfn, job.endGfn, vm.frames().pinnedRanges());
      // A range that is pinned throughout was avoided, not zapped.
      zapCounted = vm.frames().pinnedPagesIn(job.startGfn, job.endGfn) < job.endGfn - job.startGfn;
    } else if (job.notifier && ZapPlanner.isLeafOnly(job.cause)) {
      zr = vm.tdp().zapLeafs(job.startGfn, job.endGfn);
    } else {
      zr = vm.tdp().zap(job.startGfn, job.endGfn);
    }
    if (zapCounted) {
      rec.zap(job.cause);
    }
    if (vm.tracer() != null) vm.tracer().event(TraceKind.ZAP, job.clockNs, vm.index(), "mmu", 0, job.startGfn,
        job.endGfn, zr.pages4kUnmapped(), job.cause.configName());
    rec.add(Counter.PAGES_ZAPPED, zr.pages4kUnmapped());
    rec.add(Counter.TABLE_PAGES_FREED, zr.tablePagesUnlinked());
    job.clockNs += draws.ns(CostKey.ZAP_PER_LEAF) * zr.totalLeafsZapped();
    job.performed = zapCounted;
    job.flushNeeded = zr.flushNeeded();
    job.flushStartGfn = zr.flushStartGfn();
    job.flushEndGfn = zr.flushEndGfn();
    job.deferred = zr.deferredFree();
  }

  /** The 2023 RFC's design: the IOMMU walks KVM's one exported root, which is never invalidated. */
  private boolean exportedRoot() {
    return config.mode().isExportedRoot() && vm.shared();
  }

  /**
   * The talk's mix in {@code shared-iopf}: buffers of a device that cannot fault are pinned and pre-faulted; with
   * the KVM change {@code skip-zap-exported} the MMU notifier leaves them mapped as it does for
   * {@code shared-prepopulated}, else KVM zaps them and the next DMA there is a fatal fault.
   */
  private boolean skipsPinnedBuffers() {
    return config.mode() == Mode.SHARED_IOPF && vm.shared() && config.kvm().skipZapExported();
  }

  /**
   * Dirty logging on or off for the range (kvm_mmu_slot_apply_flags), never a zap at enable: split in place,
   * then clear D / write-protect ({@link DirtyLogging#enable}); at disable rebuild huge leaves in place or zap
   * the collapsible small leaves. A design whose devices cannot fault never write-protects (D bits only) and
   * never zaps here: what it skipped counts in zapsAvoided. Clearing D or W holds mmu_lock for write in KVM
   * (see the mmu_lock gate), and costs per page scanned.
   */
  private void dirtyLogTransition(Job job) {
    boolean devicesCannotFault = vm.shared() && config.mode() == Mode.SHARED_PREPOPULATED;
    DirtyLogging.Outcome o = dirtyLogOutcome;
    if (job.cause == ZapCause.DIRTY_LOG) {
      // The job's invalidation of the range is in the tracker: wait for the faults that read the old flags.
      vm.tdpFaults().synchronizeFaults(job.startGfn, job.endGfn);
      // A logged slot maps 4 KiB leaves from now on.
      vm.tdpFaults().setSmallPagesOnly(true);
      DirtyLogging.enable(vm.tdp(), job.startGfn, job.endGfn, config.dirtyLog(), !devicesCannotFault, o);
      if (o.writeProtectAvoided) {
        rec.zapAvoided(job.cause);
      }
      rec.add(Counter.DIRTY_LOG_SPLITS, o.splits);
      job.clockNs += draws.eachNs(CostKey.SPLIT, o.splits);
      if (!config.dirtyLog().initiallySet()) {
        job.clockNs += (job.endGfn - job.startGfn) * draws.ns(CostKey.DIRTY_LOG_CLEAR_PER_PAGE);
      }
    } else {
      if (vm.migration() == null || !vm.migration().oracle().isActive()) {
        vm.tdpFaults().setSmallPagesOnly(false);
      }
      boolean recover = config.dirtyLog().recoverInPlace() || devicesCannotFault;
      if (!config.dirtyLog().recoverInPlace() && devicesCannotFault) {
        rec.zapAvoided(job.cause);
      }
      DirtyLogging.disable(vm.tdp(), vm.layout(), vm.frames(), job.startGfn, job.endGfn, recover, o);
      rec.add(Counter.HUGE_PAGES_RECOVERED, o.recovered);
      job.clockNs += draws.eachNs(CostKey.SPLIT, o.recovered);
      if (o.leavesZapped > 0) {
        rec.zap(job.cause);
        rec.add(Counter.PAGES_ZAPPED, o.pagesZapped);
        job.clockNs += draws.ns(CostKey.ZAP_PER_LEAF) * o.leavesZapped;
        job.performed = true;
      }
      rec.add(Counter.TABLE_PAGES_FREED, o.tablePagesUnlinked);
      job.moreDeferred.addAll(o.deferred);
    }
    if (o.flushNeeded()) {
      job.flushNeeded = true;
      job.flushStartGfn = o.lo;
      job.flushEndGfn = o.hi;
    }
  }

  /**
   * Replace every huge leaf in the range by a full lower-level table in one step: nothing is ever unmapped and
   * no translation changes, so no TLB flush and no IOTLB invalidation is needed ({@code tdp_mmu_split_huge_page}:
   * "the translation will be the same either way").
   */
  private void splitInPlace(Job job) {
    rec.zapAvoided(job.cause);
    long splits = EagerSplit.trySplitHugePages(vm.tdp(), job.startGfn, job.endGfn);
    rec.add(Counter.SPLITS_IN_PLACE, splits);
    job.clockNs += draws.eachNs(CostKey.SPLIT, splits);
  }

  private void flushTlbs(Job job) {
    job.flushStartNs = job.clockNs;
    long flushId = ++nextFlushId;
    rec.inc(Counter.TLB_FLUSHES);
    if (vm.tracer() != null) vm.tracer().event(TraceKind.TLB_FLUSH, job.clockNs, vm.index(), "mmu", 0,
        job.flushStartGfn, job.flushEndGfn, directory.vcpusOf(vm.index()).size(), null);
    int acks = RemoteTlbFlush.flushRemoteTlbsRange(directory, vm.index(), flushId, job.flushStartGfn,
        job.flushEndGfn, job.clockNs, tlbAckAdapter);
    tlbAcks.expect(flushId, acks, job.clockNs);
    if (acks == 0) {
      afterTlbFlush(job);
    }
  }

  private Behavior<TdpMmu.Command> onTlbFlushed(WrappedTlbFlushed w) {
    rec.inc(Counter.MESSAGES);
    Job job = current;
    if (job == null || !tlbAcks.ack(w.ack().flushId(), w.ack().doneNs())) {
      return this;
    }
    long done = Math.max(tlbAcks.maxDoneNs(), job.flushStartNs + draws.remoteTlbFlushNs(vm.vcpus()));
    rec.record(LatencyKind.TLB_FLUSH, done - job.flushStartNs);
    job.clockNs = done;
    afterTlbFlush(job);
    return this;
  }

  private void afterTlbFlush(Job job) {
    int[] units = directory.unitsOfVm(vm.index());
    boolean deviceUsesTable = vm.shared() && units.length > 0;
    // The RFC's kvm_tdp_fd_flush_notify: every remote flush also invalidates the IOTLB inside the write window,
    // zap-all too (the whole VM: domain-selective).
    if (job.flushNeeded && deviceUsesTable && (!job.zapAll || exportedRoot())
        && config.faultInjection() != SimConfig.FaultInjection.SKIP_IOTLB_INVALIDATION) {
      int acks = RemoteTlbFlush.invalidateIotlbs(directory, vm.index(), job.eventId, job.flushStartGfn,
          job.flushEndGfn, job.clockNs, iotlbAckAdapter);
      iotlbAcks.expect(job.eventId, acks, job.clockNs);
    } else {
      unlock(job);
    }
  }

  /**
   * Zap, flush and (shared) invalidations are done: mmu_lock is released and the device faults that waited for it
   * run. After kvm_mmu_zap_all_fast a device walking this table must switch to the new root.
   */
  private void unlock(Job job) {
    job.lockHeld = false;
    mmuLock.releaseWrite(job.clockNs);
    while (!faultsWaitingForLock.isEmpty()) {
      handleFault(faultsWaitingForLock.poll());
    }
    int[] units = directory.unitsOfVm(vm.index());
    if (job.zapAll && vm.shared() && units.length > 0 && !exportedRoot()) {
      iotlbAcks.expect(job.eventId, units.length, job.clockNs);
      for (int unit : units) {
        directory.iommu(unit).tell(new Iommu.SwitchRoot(job.eventId, vm.index(), job.clockNs, iotlbAckAdapter));
      }
    } else {
      finish(job);
    }
  }

  private Behavior<TdpMmu.Command> onIotlbInvalidated(WrappedIotlbInvalidated w) {
    rec.inc(Counter.MESSAGES);
    Job job = current;
    if (job == null || !iotlbAcks.ack(w.ack().invalidationId(), w.ack().doneNs())) {
      return this;
    }
    job.clockNs = iotlbAcks.maxDoneNs();
    if (job.lockHeld) {
      unlock(job);
    } else {
      finish(job);
    }
    return this;
  }

  private void finish(Job job) {
    if (job.cause == ZapCause.MEMSLOT && config.mode() == Mode.SHARED_PREPOPULATED && vm.shared()
        && job.performed) {
      // The VMM re-created the slot; a design whose devices cannot fault must pre-fault it again at once (the
      // whole VM after zap-all). DMA that reached the range in between took a fatal fault: the hazard this
      // design carries.
      Population.Populated p = Population.mapRange(vm.tdp(), vm.layout(), vm.frames(), config.costs(),
          config.costs().prefault4kNs(), job.trackStartGfn, job.trackEndGfn);
      rec.add(Counter.PREFAULTED_PAGES, p.pages4k());
      job.clockNs += p.costNs();
    }
    if (job.cause == ZapCause.MEMSLOT && config.mode() == Mode.SHARED_IOPF && vm.shared() && job.performed
        && vm.frames().overlapsPinned(job.trackStartGfn, job.trackEndGfn)) {
      // The talk's mix: buffers that cannot fault were zapped with the slot (zap-all takes the whole VM) and
      // must be pre-faulted again; DMA that reached them in between took a fatal fault.
      long[] pinned = vm.frames().pinnedRanges();
      for (int i = 0; i < pinned.length; i += 2) {
        long lo = Math.max(pinned[i], job.trackStartGfn);
        long hi = Math.min(pinned[i + 1], job.trackEndGfn);
        if (lo < hi) {
          Population.Populated p = Population.mapRange(vm.tdp(), vm.layout(), vm.frames(), config.costs(),
              config.costs().prefault4kNs(), lo, hi);
          rec.add(Counter.PREFAULTED_PAGES, p.pages4k());
          job.clockNs += p.costNs();
        }
      }
    }
    if (!job.notifier) {
      // A KVM-side zap changes nothing on the host: faults may map again at once.
      vm.tdpFaults().tracker().end(job.trackStartGfn, job.trackEndGfn);
    }
    rec.record(LatencyKind.INVALIDATION, job.clockNs - job.raisedNs);
    job.replyTo.tell(new TdpMmu.InvalidateDone(job.eventId, job.performed, job.clockNs));
    // Every walker acknowledged: no translation through the unlinked table pages can still be in flight.
    if (job.deferred != null) {
      vm.tdp().release(job.deferred);
    }
    for (DeferredFree d : job.moreDeferred) {
      vm.tdp().release(d);
    }
    startNext();
  }

  private Behavior<TdpMmu.Command> onQuiesce(TdpMmu.Quiesce msg) {
    rec.inc(Counter.MESSAGES);
    if (current == null) {
      msg.replyTo().tell(new TdpMmu.Quiesced(vm.index()));
    } else {
      quiesceWaiters.add(msg.replyTo());
    }
    return this;
  }

  private Behavior<TdpMmu.Command> onReportStats(TdpMmu.ReportStats msg) {
    rec.inc(Counter.MESSAGES);
    msg.replyTo().tell(rec.toStats());
    return this;
  }
}
