package tdpsim.actors.iommu;

import tdpsim.actors.trace.TraceKind;
import tdpsim.actors.trace.Tracing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.queue.MultiServer;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.DeferredFree;
import tdpsim.actors.table.ZapResult;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.TdpMmu;

/**
 * The software side of one IOMMU unit (the VT-d driver plus the queues the hardware exposes): the page request
 * queue, whose requests go to the TDP MMU's fault handler when the table is shared or to the IOMMU's own
 * mapper in {@code separate-iopf}; and the invalidation queue: IOTLB invalidation (page-selective, or
 * domain-selective past the configured size) and device-TLB invalidation of ATS devices, after which the
 * requester is acknowledged. A page-request drain ({@code intel_iommu_drain_pasid_prq}) happens only where the
 * driver does one: at a root switch (new PASID entry) here; PASID/domain teardown is not modelled (a run ends
 * with its domains attached).
 */
public final class IommuActor extends AbstractBehavior<Iommu.Command> {
  private record WrappedFaultResolved(TdpMmu.FaultResolved resolved) implements Iommu.Internal {}

  private record WrappedDevTlbInvalidated(AssignedDevice.DevTlbInvalidated ack) implements Iommu.Internal {}

  /** One invalidation in progress on this unit. */
  private static final class Inv {
    final long internalId;
    final long requesterId;
    final int vmIndex;
    final long startGfn;
    final long endGfn;
    final long sentNs;
    final ActorRef<Iommu.IotlbInvalidated> replyTo;
    final boolean ownTable;
    /** A root switch: PASID entry update, domain-selective invalidation, full device-TLB invalidation, drain. */
    boolean rootSwitch;
    DeferredFree deferred;
    long clockNs;
    int pendingAcks;
    long drainHorizon;
    long drainStartNs;

    Inv(long internalId, long requesterId, int vmIndex, long startGfn, long endGfn, long sentNs,
        ActorRef<Iommu.IotlbInvalidated> replyTo, boolean ownTable) {
      this.internalId = internalId;
      this.requesterId = requesterId;
      this.vmIndex = vmIndex;
      this.startGfn = startGfn;
      this.endGfn = endGfn;
      this.sentNs = sentNs;
      this.replyTo = replyTo;
      this.ownTable = ownTable;
    }
  }

  private final int unit;
  private final Iotlb iotlb;
  private final List<VmContext> vms;
  private final SimConfig config;
  private final Directory directory;
  private final Recorder rec;
  private final PageRequestQueue prq;
  private final FaultResult fault = new FaultResult();
  private final CostDraws draws;
  /** The unit's invalidation queue: one descriptor at a time, the submitter spinning on its wait descriptor. */
  private final MultiServer qi = new MultiServer(1);
  /** The page-request IRQ thread (one per unit) and the workqueue it hands requests to. */
  private final MultiServer prqIrq = new MultiServer(1);
  private final MultiServer prqWorkers;
  private final ActorRef<TdpMmu.FaultResolved> faultAdapter;
  private final ActorRef<AssignedDevice.DevTlbInvalidated> devTlbAdapter;
  /** Looked up by id only, never iterated: order cannot leak into results. */
  private final Map<Long, Inv> invalidations = new HashMap<>();
  private final List<Inv> draining = new ArrayList<>();
  private long nextInternalId;
  /** Page request groups being answered, by device and group id; looked up only, never iterated. */
  private final Map<Long, Group> groups = new HashMap<>();
  /** Per VM: the newest request id a completed drain covered (the drain invariant's horizon). */
  private final long[] drainedUpTo;
  /** Responses already applied, for a drain's wait in virtual time. */
  private final RecentResponses recentResponses;
  /** Per VM: the start of the latest completed drain, in virtual time ({@code Long.MIN_VALUE}: none yet). */
  private final long[] drainedFromNs;

  /** One page request group: answered with one page group response once its last request is in and done. */
  private static final class Group {
    final long groupId;
    final long firstGfn;
    final ActorRef<AssignedDevice.Command> replyTo;
    int pending;
    boolean lastSeen;
    boolean failed;
    long doneNs;

    Group(long groupId, long firstGfn, ActorRef<AssignedDevice.Command> replyTo) {
      this.groupId = groupId;
      this.firstGfn = firstGfn;
      this.replyTo = replyTo;
    }
  }

  private IommuActor(ActorContext<Iommu.Command> context, int unit, Iotlb iotlb, List<VmContext> vms,
      SimConfig config, Directory directory) {
    super(context);
    this.unit = unit;
    this.iotlb = iotlb;
    this.vms = List.copyOf(vms);
    this.config = config;
    this.directory = directory;
    this.rec = new Recorder("iommu" + unit);
    this.draws = new CostDraws(config.costs(), CostDraws.IOMMU, unit, 0);
    this.fault.draws = draws;
    this.prqWorkers = new MultiServer(config.costs().detail().prqWorkers());
    this.prq = new PageRequestQueue(config.prqDepth());
    this.drainedUpTo = new long[vms.size()];
    this.recentResponses = new RecentResponses(config.prqDepth());
    this.drainedFromNs = new long[vms.size()];
    Arrays.fill(drainedFromNs, Long.MIN_VALUE);
    this.faultAdapter = context.messageAdapter(TdpMmu.FaultResolved.class, WrappedFaultResolved::new);
    this.devTlbAdapter = context.messageAdapter(AssignedDevice.DevTlbInvalidated.class,
        WrappedDevTlbInvalidated::new);
  }

  /** @param iotlb this unit's IOTLB, which the devices behind it also use on their DMA path */
  public static Behavior<Iommu.Command> create(int unit, Iotlb iotlb, List<VmContext> vms, SimConfig config,
      Directory directory) {
    return Behaviors.setup(ctx -> new IommuActor(ctx, unit, iotlb, vms, config, directory));
  }

  @Override
  public Receive<Iommu.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Iommu.PageRequest.class, this::onPageRequest)
        .onMessage(WrappedFaultResolved.class, this::onFaultResolved)
        .onMessage(Iommu.InvalidateIotlb.class, this::onInvalidateIotlb)
        .onMessage(Iommu.MmuNotifierInvalidate.class, this::onMmuNotifierInvalidate)
        .onMessage(Iommu.MmuNotifierInvalidateEnd.class, this::onMmuNotifierInvalidateEnd)
        .onMessage(Iommu.SwitchRoot.class, this::onSwitchRoot)
        .onMessage(WrappedDevTlbInvalidated.class, this::onDevTlbInvalidated)
        .onMessage(Iommu.ReportStats.class, this::onReportStats)
        .build();
  }

  private static long groupKey(int deviceIndex, long groupId) {
    return ((long) deviceIndex << 40) ^ groupId;
  }

  /**
   * A page request, one of a page request group: queued and handed to the fault path at once (Linux's
   * io-pgfault collects a group until its last request; the requests of one device arrive together here).
   */
  private Behavior<Iommu.Command> onPageRequest(Iommu.PageRequest msg) {
    rec.inc(Counter.MESSAGES);
    long arrivedNs = msg.raisedNs() + draws.ns(CostKey.PRI_REQUEST);
    long key = groupKey(msg.deviceIndex(), msg.groupId());
    Group g = groups.get(key);
    if (g == null) {
      g = new Group(msg.groupId(), msg.gfn(), msg.replyTo());
      groups.put(key, g);
    }
    g.lastSeen |= msg.lastInGroup();
    g.doneNs = Math.max(g.doneNs, arrivedNs);
    if (prq.isFull()) {
      // The queue overflowed: the hardware answers for it (success), so the device retries; nothing is lost.
      rec.inc(Counter.PRQ_OVERFLOWS);
      answerIfComplete(key, g);
      return this;
    }
    VmContext vm = vms.get(msg.vmIndex());
    long id = prq.add(msg.deviceIndex(), msg.vmIndex(), msg.gfn(), msg.access(), msg.raisedNs(), msg.replyTo(),
        msg.groupId());
    if (msg.raisedNs() < drainedFromNs[msg.vmIndex()]) {
      // Raised before a drain that already completed: in virtual time the drain should have waited for it (the
      // same criterion as RecentResponses: a page drain covers what the device issued before it).
      rec.inc(Counter.DRAIN_LATE_REQUESTS);
    }
    g.pending++;
    if (vm.tracer() != null) vm.tracer().event(TraceKind.PAGE_REQUEST, arrivedNs, vm.index(), "iommu", unit,
        msg.gfn(), id, msg.deviceIndex(), null);
    if (vm.shared()) {
      directory.mmu(msg.vmIndex()).tell(new TdpMmu.Fault(id, msg.gfn(), msg.access(), TdpMmu.FaultSource.DEVICE,
          pageRequestQueues(arrivedNs, 0), faultAdapter));
    } else {
      // separate-iopf: the IOMMU driver resolves the request on its own table with its own fault path.
      fault.nowNs = arrivedNs;
      vm.iommuFaults().handle(msg.gfn(), msg.access(), fault);
      if (vm.tracer() != null) Tracing.fault(vm.tracer(), arrivedNs, vm.index(), "iommu", unit, msg.gfn(), fault);
      rec.inc(Counter.DEVICE_FAULTS_HANDLED);
      rec.add(Counter.HOST_PAGES_ALLOCATED, fault.allocatedPages);
      respond(id, fault.outcome == FaultResult.Outcome.RESOLVED, fault.outcome == FaultResult.Outcome.RETRY,
          pageRequestQueues(arrivedNs, fault.costNs));
    }
    return this;
  }

  private Behavior<Iommu.Command> onFaultResolved(WrappedFaultResolved w) {
    rec.inc(Counter.MESSAGES);
    TdpMmu.FaultResolved r = w.resolved();
    respond(r.requestId(), r.mapped(), r.retry(), r.resolvedNs());
    return this;
  }

  private void respond(long id, boolean mapped, boolean retry, long resolvedNs) {
    PageRequestQueue.Entry e = prq.complete(id);
    if (e == null) {
      return;
    }
    if (retry) {
      rec.inc(Counter.PAGE_REQUEST_RETRIES);
    }
    if (vms.get(e.vmIndex()).tracer() != null) vms.get(e.vmIndex()).tracer().event(TraceKind.PAGE_RESPONSE,
        resolvedNs, e.vmIndex(), "iommu", unit, e.gfn(), id, 0, mapped ? "success" : retry ? "retry" : "invalid");
    recentResponses.record(e.vmIndex(), e.raisedNs(), resolvedNs);
    if (e.id() <= drainedUpTo[e.vmIndex()]) {
      // The drain invariant: a drain completes only once every request received before it is answered, so
      // that no response computed against the old translations reaches the device after the invalidation.
      responseAfterDrain(e, resolvedNs);
    }
    long key = groupKey(e.deviceIndex(), e.groupId());
    Group g = groups.get(key);
    if (g != null) {
      g.pending--;
      g.failed |= !(mapped || retry);
      g.doneNs = Math.max(g.doneNs, resolvedNs);
      answerIfComplete(key, g);
    }
    if (!draining.isEmpty()) {
      checkDrains(resolvedNs);
    }
  }

  /** One page group response once the group's last request arrived and every queued one is answered. */
  private void answerIfComplete(long key, Group g) {
    if (!g.lastSeen || g.pending > 0) {
      return;
    }
    groups.remove(key);
    rec.inc(Counter.PAGE_GROUP_RESPONSES);
    g.replyTo.tell(new AssignedDevice.PageResponse(g.firstGfn, !g.failed,
        g.doneNs + draws.ns(CostKey.PRI_RESPONSE), g.groupId));
  }

  private Behavior<Iommu.Command> onInvalidateIotlb(Iommu.InvalidateIotlb msg) {
    rec.inc(Counter.MESSAGES);
    Inv inv = new Inv(++nextInternalId, msg.invalidationId(), msg.vmIndex(), msg.startGfn(), msg.endGfn(),
        msg.sentNs(), msg.replyTo(), false);
    inv.clockNs = msg.sentNs();
    invalidate(inv);
    return this;
  }

  /**
   * KVM built new roots: point the PASID entry at the new root (intel_pasid_setup_second_level replacing the
   * entry), then domain-selective IOTLB, full device-TLB invalidation and a drain of the page requests in flight,
   * since requests raised against the old root must not be answered after the switch.
   */
  private Behavior<Iommu.Command> onSwitchRoot(Iommu.SwitchRoot msg) {
    rec.inc(Counter.MESSAGES);
    Inv inv = new Inv(++nextInternalId, msg.invalidationId(), msg.vmIndex(), 0, Long.MAX_VALUE, msg.sentNs(),
        msg.replyTo(), false);
    inv.rootSwitch = true;
    inv.clockNs = msg.sentNs() + draws.ns(CostKey.PASID_ENTRY_UPDATE);
    rec.inc(Counter.PASID_ENTRY_UPDATES);
    invalidate(inv);
    return this;
  }

  /** separate-iopf: the IOMMU driver's own MMU notifier unmaps its own table first. */
  private Behavior<Iommu.Command> onMmuNotifierInvalidate(Iommu.MmuNotifierInvalidate msg) {
    rec.inc(Counter.MESSAGES);
    VmContext vm = vms.get(msg.vmIndex());
    Inv inv = new Inv(++nextInternalId, msg.invalidationId(), msg.vmIndex(), msg.startGfn(), msg.endGfn(),
        msg.sentNs(), msg.replyTo(), true);
    inv.clockNs = msg.sentNs() + draws.ns(CostKey.MMU_NOTIFIER);
    vm.iommuFaults().tracker().begin(msg.startGfn(), msg.endGfn());
    // Buffers VFIO pinned and mapped for a device that cannot fault (pri-coverage below 1) are not the
    // notifier's to unmap: the IOMMU driver unmaps only around them.
    ZapResult zr = vm.frames().overlapsPinned(msg.startGfn(), msg.endGfn())
        ? vm.iommuTable().zapLeafsExcept(msg.startGfn(), msg.endGfn(), vm.frames().pinnedRanges())
        : vm.iommuTable().zap(msg.startGfn(), msg.endGfn());
    rec.add(Counter.PAGES_ZAPPED, zr.pages4kUnmapped());
    rec.add(Counter.TABLE_PAGES_FREED, zr.tablePagesUnlinked());
    inv.clockNs += draws.ns(CostKey.ZAP_PER_LEAF) * zr.totalLeafsZapped();
    inv.deferred = zr.deferredFree();
    if (!zr.flushNeeded()) {
      // Nothing was mapped in the IOMMU's own table: no IOTLB entry can exist, nothing to invalidate or drain.
      vm.iommuTable().release(inv.deferred);
      inv.replyTo.tell(new Iommu.IotlbInvalidated(inv.requesterId, unit, inv.clockNs));
      return this;
    }
    invalidate(inv);
    return this;
  }

  /** The host changed the pages: the IOMMU driver's own page requests on the range may map again. */
  private Behavior<Iommu.Command> onMmuNotifierInvalidateEnd(Iommu.MmuNotifierInvalidateEnd msg) {
    rec.inc(Counter.MESSAGES);
    vms.get(msg.vmIndex()).iommuFaults().tracker().end(msg.startGfn(), msg.endGfn());
    return this;
  }

  private void invalidate(Inv inv) {
    long pages = inv.endGfn - inv.startGfn;
    if (inv.rootSwitch || pages > config.psiMaxPages()) {
      iotlb.invalidateDomain(inv.vmIndex);
      inv.clockNs = qiSubmit(inv.clockNs, CostKey.IOTLB_INVALIDATE_DSI);
      rec.inc(Counter.IOTLB_INVALIDATIONS_DOMAIN);
    } else {
      iotlb.invalidateRange(inv.vmIndex, inv.startGfn, inv.endGfn);
      inv.clockNs = qiSubmit(inv.clockNs, CostKey.IOTLB_INVALIDATE_PSI);
    }
    rec.inc(Counter.IOTLB_INVALIDATIONS);
    if (vms.get(inv.vmIndex).tracer() != null) vms.get(inv.vmIndex).tracer().event(TraceKind.IOTLB_INVALIDATION,
        inv.clockNs, inv.vmIndex, "iommu", unit, inv.startGfn, inv.endGfn, 0, pages > config.psiMaxPages()
            ? "domain" : "page");
    rec.record(LatencyKind.IOTLB_INVALIDATION, inv.clockNs - inv.sentNs);
    int[] ats = directory.atsDevicesOfVmOnUnit(inv.vmIndex, unit);
    if (ats.length == 0) {
      devTlbDone(inv);
      return;
    }
    invalidations.put(inv.internalId, inv);
    inv.pendingAcks = ats.length;
    for (int device : ats) {
      rec.inc(Counter.DEVTLB_INVALIDATIONS);
      if (vms.get(inv.vmIndex).tracer() != null) vms.get(inv.vmIndex).tracer().event(
          TraceKind.DEVTLB_INVALIDATION, inv.clockNs, inv.vmIndex, "iommu", unit, inv.startGfn, inv.endGfn, device,
          "range");
      directory.device(device).tell(new AssignedDevice.InvalidateDevTlb(inv.internalId, inv.startGfn, inv.endGfn,
          inv.clockNs, devTlbAdapter));
    }
  }

  private Behavior<Iommu.Command> onDevTlbInvalidated(WrappedDevTlbInvalidated w) {
    rec.inc(Counter.MESSAGES);
    Inv inv = invalidations.get(w.ack().invalidationId());
    if (inv == null) {
      return this;
    }
    inv.clockNs = Math.max(inv.clockNs, w.ack().doneNs());
    if (--inv.pendingAcks == 0) {
      invalidations.remove(inv.internalId);
      devTlbDone(inv);
    }
    return this;
  }

  /** IOTLB and device TLBs are clean: only a root switch drains the page requests before the ack. */
  private void devTlbDone(Inv inv) {
    if (inv.rootSwitch) {
      startDrain(inv);
    } else {
      complete(inv, inv.clockNs);
    }
  }

  /** Drain: every page request of this domain received so far must be answered before the ack. */
  private void startDrain(Inv inv) {
    rec.inc(Counter.DRAINS);
    if (vms.get(inv.vmIndex).tracer() != null) vms.get(inv.vmIndex).tracer().event(TraceKind.DRAIN, inv.clockNs,
        inv.vmIndex, "iommu", unit, prq.lastId(), 0, 0, null);
    inv.drainHorizon = prq.lastId();
    inv.drainStartNs = inv.clockNs;
    if (drainWaits() && prq.hasPendingUpTo(inv.vmIndex, inv.drainHorizon)) {
      draining.add(inv);
    } else {
      drained(inv, inv.clockNs);
    }
  }

  private void checkDrains(long nowNs) {
    for (int i = 0; i < draining.size(); i++) {
      Inv inv = draining.get(i);
      if (!prq.hasPendingUpTo(inv.vmIndex, inv.drainHorizon)) {
        draining.remove(i--);
        drained(inv, Math.max(inv.clockNs, nowNs));
      }
    }
  }

  private void responseAfterDrain(PageRequestQueue.Entry e, long resolvedNs) {
    responseAfterDrain(e.vmIndex(), String.format("page response for request #%d (device %d, gfn 0x%x, raised at "
        + "%d ns) applied at %d ns, after a drain that completed without waiting for it (iommu%d)", e.id(),
        e.deviceIndex(), e.gfn(), e.raisedNs(), resolvedNs, unit));
  }

  private void responseAfterDrain(int vmIndex, String what) {
    rec.inc(Counter.RESPONSES_AFTER_DRAIN);
    rec.violation(what);
    vms.get(vmIndex).violations().report(what);
  }

  private boolean drainWaits() {
    return config.faultInjection() != SimConfig.FaultInjection.SKIP_DRAIN_WAIT;
  }

  /**
   * The drain completes once the requests it waited for are answered ({@code nowNs}) and, in virtual time, after
   * the latest response to a request raised before its start that the unit applied before the drain was
   * handled ({@link RecentResponses}). A drain that completes before such a response breaks the invariant.
   */
  private void drained(Inv inv, long nowNs) {
    long answeredNs = recentResponses.latestForRaisedBy(inv.vmIndex, inv.drainStartNs);
    long doneNs = (drainWaits() ? Math.max(nowNs, answeredNs) : nowNs) + draws.ns(CostKey.DRAIN);
    if (answeredNs > doneNs) {
      responseAfterDrain(inv.vmIndex, String.format("a page response at %d ns to a request raised before the "
          + "drain that started at %d ns, after a drain that completed without waiting for it at %d ns (iommu%d)",
          answeredNs, inv.drainStartNs, doneNs, unit));
    }
    drainedUpTo[inv.vmIndex] = Math.max(drainedUpTo[inv.vmIndex], inv.drainHorizon);
    drainedFromNs[inv.vmIndex] = Math.max(drainedFromNs[inv.vmIndex], inv.drainStartNs);
    rec.record(LatencyKind.DRAIN, doneNs - inv.drainStartNs);
    complete(inv, doneNs);
  }

  private void complete(Inv inv, long doneNs) {
    if (inv.ownTable) {
      VmContext vm = vms.get(inv.vmIndex);
      if (inv.deferred != null) {
        vm.iommuTable().release(inv.deferred);
      }
    }
    inv.replyTo.tell(new Iommu.IotlbInvalidated(inv.requesterId, unit, doneNs));
  }

  private Behavior<Iommu.Command> onReportStats(Iommu.ReportStats msg) {
    rec.inc(Counter.MESSAGES);
    rec.put("queue.iommuQi.busyNs", qi.busyNs());
    rec.put("queue.iommuQi.servers", 1);
    if (prqIrq.jobs() > 0) {
      rec.put("queue.prqIrq.busyNs", prqIrq.busyNs());
      rec.put("queue.prqIrq.servers", 1);
      rec.put("queue.prqWorkqueue.busyNs", prqWorkers.busyNs());
      rec.put("queue.prqWorkqueue.servers", prqWorkers.servers());
    }
    msg.replyTo().tell(rec.toStats());
    return this;
  }

  /**
   * An invalidation descriptor plus its wait descriptor through this unit's invalidation queue, submitted at
   * {@code submitNs}: it waits for the descriptors ahead of it, and the submitter spins until it completes
   * (qi_submit_sync). Returns the completion time.
   */
  private long qiSubmit(long submitNs, CostKey kind) {
    long done = qi.serve(submitNs, draws.ns(kind));
    rec.record(LatencyKind.IOMMU_QI_WAIT, qi.lastWaitNs());
    return done;
  }

  /**
   * A page request read from the PRQ at {@code arrivedNs}: the unit's IRQ thread takes it, then a worker of the
   * workqueue runs the handler ({@code prq-work}, plus {@code handlerNs} when the fault is handled in the worker
   * itself). Returns when the worker is done (the shared table's fault then runs in the TDP MMU).
   */
  private long pageRequestQueues(long arrivedNs, long handlerNs) {
    long irqDone = prqIrq.serve(arrivedNs, draws.ns(CostKey.PRQ_IRQ));
    rec.record(LatencyKind.PRQ_IRQ_WAIT, prqIrq.lastWaitNs());
    long done = prqWorkers.serve(irqDone, draws.ns(CostKey.PRQ_WORK) + handlerNs);
    rec.record(LatencyKind.PRQ_WORKQUEUE_WAIT, prqWorkers.lastWaitNs());
    return done;
  }
}
