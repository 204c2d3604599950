package tdpsim.actors.device;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.Walk;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.Access;
import tdpsim.protocol.AccessKind;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.Iommu;

/**
 * An assigned device doing DMA with guest-physical addresses. Each page of a transfer is translated by the
 * device TLB (with ATS), else the IOMMU unit's IOTLB, else a walk of the table the IOMMU uses for this VM (the
 * shared TDP table, or the IOMMU's own). A miss on a non-present entry becomes a PRI page request when the
 * device and the design support it (the device stalls until the page response, then retries); otherwise it is
 * a DMA fault, fatal for the device, which stops.
 */
public final class AssignedDeviceActor extends AbstractBehavior<AssignedDevice.Command> {
  static final int CHUNK = 256;
  /** DMA pages drawn from the workload at a time: kept small for the same reason as the vCPU's. */
  static final int REFILL = 32;

  private enum Continue implements AssignedDevice.Internal {
    INSTANCE
  }

  /**
   * Static description of one device.
   *
   * @param priMaxOutstanding page requests the device may have outstanding at once: the faulting pages of a
   *     burst go out as one page request group of at most this many requests
   */
  public record Spec(int index, String name, int vmIndex, int iommuUnit, boolean ats, int devtlbEntries,
      boolean pri, long nsPerPage, int priMaxOutstanding) {
    public Spec {
      if (priMaxOutstanding < 1) {
        throw new IllegalArgumentException("priMaxOutstanding must be >= 1: " + priMaxOutstanding);
      }
    }

    /** With the default of 8 outstanding page requests (an assumption). */
    public Spec(int index, String name, int vmIndex, int iommuUnit, boolean ats, int devtlbEntries, boolean pri,
        long nsPerPage) {
      this(index, name, vmIndex, iommuUnit, ats, devtlbEntries, pri, nsPerPage, 8);
    }
  }

  private final Spec spec;
  /** rfc-tdp-fd: the IOMMU walks KVM's exported root without A/D updates. */
  private final boolean exportedRoot;
  private final VmContext vm;
  private final Iotlb iotlb;
  private final ActorRef<Iommu.Command> iommu;
  private final AccessSource source;
  private final SimConfig config;
  private final Tlb devtlb;
  private final Recorder rec;
  private final CostDraws draws;
  private final boolean pageRequests;
  private final long[] buf = new long[REFILL];
  private int bufPos;
  private int bufLen;
  private boolean exhausted;
  private boolean stopped;
  private boolean waitingForResponse;
  private boolean quiesced;
  private ActorRef<AssignedDevice.Quiesced> quiesceReplyTo;
  private long requestRaisedNs;
  /** The outstanding page request group (its responses are matched by id), and its gfns. */
  private long groupId;
  private final long[] groupGfns;
  private final int[] groupAccess;
  private long clockNs;
  private long windowEndNs;
  private boolean inWindow;
  private final WindowBarrier barrier;
  private final int barrierSlot;

  private AssignedDeviceActor(ActorContext<AssignedDevice.Command> context, Spec spec, VmContext vm, Iotlb iotlb,
      ActorRef<Iommu.Command> iommu, AccessSource source, SimConfig config, WindowBarrier barrier) {
    super(context);
    this.barrier = barrier;
    this.barrierSlot = barrier.deviceSlot(spec.index());
    this.spec = spec;
    this.vm = vm;
    this.iotlb = iotlb;
    this.iommu = iommu;
    this.source = source;
    this.config = config;
    this.devtlb = spec.ats() ? new Tlb(spec.devtlbEntries()) : null;
    this.rec = new Recorder("device" + spec.index() + "(" + spec.name() + ")");
    this.draws = new CostDraws(config.costs(), CostDraws.DEVICE, spec.index(), 0);
    this.pageRequests = spec.pri() && config.mode().isDevicePageRequests();
    this.exportedRoot = config.mode().isExportedRoot() && vm.shared();
    this.groupGfns = new long[spec.priMaxOutstanding()];
    this.groupAccess = new int[spec.priMaxOutstanding()];
  }

  /**
   * @param source builds the device's DMA pattern when the actor starts, on the worker that runs it (its random
   *     state is written on every transfer; built in a row by the guardian, devices shared cache lines)
   * @param barrier where the device arrives at the end of each window
   */
  public static Behavior<AssignedDevice.Command> create(Spec spec, VmContext vm, Iotlb iotlb,
      ActorRef<Iommu.Command> iommu, Supplier<AccessSource> source, SimConfig config, WindowBarrier barrier) {
    return Behaviors.setup(ctx -> new AssignedDeviceActor(ctx, spec, vm, iotlb, iommu, source.get(), config,
        barrier));
  }

  @Override
  public Receive<AssignedDevice.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AssignedDevice.RunWindow.class, this::onRunWindow)
        .onMessageEquals(Continue.INSTANCE, this::onContinue)
        .onMessage(AssignedDevice.PageResponse.class, this::onPageResponse)
        .onMessage(AssignedDevice.InvalidateDevTlb.class, this::onInvalidateDevTlb)
        .onMessage(AssignedDevice.Quiesce.class, this::onQuiesce)
        .onMessage(AssignedDevice.ReportStats.class, this::onReportStats)
        .build();
  }

  private Behavior<AssignedDevice.Command> onRunWindow(AssignedDevice.RunWindow msg) {
    rec.inc(Counter.MESSAGES);
    windowEndNs = msg.windowEndNs();
    inWindow = true;
    if (!waitingForResponse) {
      runChunk();
    }
    return this;
  }

  private Behavior<AssignedDevice.Command> onContinue() {
    rec.inc(Counter.MESSAGES);
    if (inWindow && !waitingForResponse) {
      runChunk();
    }
    return this;
  }

  private Behavior<AssignedDevice.Command> onPageResponse(AssignedDevice.PageResponse msg) {
    rec.inc(Counter.MESSAGES);
    if (!waitingForResponse || msg.groupId() != groupId) {
      return this;
    }
    waitingForResponse = false;
    clockNs = Math.max(clockNs, msg.respondedNs());
    rec.record(LatencyKind.DEVICE_PAGE_REQUEST, msg.respondedNs() - requestRaisedNs);
    if (!msg.success()) {
      dmaFault("page request failed for gfn 0x" + Long.toHexString(msg.gfn()));
    } else if (quiesced) {
      // The transfer in flight completes before the device reports quiesced.
      if (dma(buf[bufPos])) {
        bufPos++;
      }
    }
    if (quiesceReplyTo != null && !waitingForResponse) {
      quiesceReplyTo.tell(new AssignedDevice.Quiesced(spec.index(), clockNs));
      quiesceReplyTo = null;
    }
    if (inWindow) {
      runChunk();
    }
    return this;
  }

  /** ATS invalidation: translations of the range are dropped before the completion is sent. */
  private Behavior<AssignedDevice.Command> onInvalidateDevTlb(AssignedDevice.InvalidateDevTlb msg) {
    rec.inc(Counter.MESSAGES);
    if (devtlb != null && config.faultInjection() != SimConfig.FaultInjection.SKIP_DEVTLB_FLUSH) {
      devtlb.flushRange(msg.startGfn(), msg.endGfn());
    }
    long doneNs = msg.sentNs() + draws.ns(CostKey.DEVTLB_INVALIDATE);
    msg.replyTo().tell(new AssignedDevice.DevTlbInvalidated(msg.invalidationId(), spec.index(), doneNs));
    return this;
  }

  /** Stop-and-copy: stop starting DMA; a transfer waiting for its page response finishes first. */
  private Behavior<AssignedDevice.Command> onQuiesce(AssignedDevice.Quiesce msg) {
    rec.inc(Counter.MESSAGES);
    quiesced = true;
    if (waitingForResponse) {
      quiesceReplyTo = msg.replyTo();
    } else {
      msg.replyTo().tell(new AssignedDevice.Quiesced(spec.index(), clockNs));
      if (inWindow) {
        runChunk();
      }
    }
    return this;
  }

  private Behavior<AssignedDevice.Command> onReportStats(AssignedDevice.ReportStats msg) {
    rec.inc(Counter.MESSAGES);
    msg.replyTo().tell(rec.toStats());
    return this;
  }

  private void runChunk() {
    int budget = CHUNK;
    if (quiesced) {
      clockNs = Math.max(clockNs, windowEndNs);
    }
    while (budget > 0 && clockNs < windowEndNs && !exhausted && !stopped) {
      if (bufPos == bufLen) {
        bufPos = 0;
        bufLen = source.next(buf, REFILL);
        if (bufLen == 0) {
          exhausted = true;
          break;
        }
      }
      if (!dma(buf[bufPos])) {
        return;
      }
      bufPos++;
      budget--;
    }
    if (clockNs >= windowEndNs || exhausted || stopped) {
      inWindow = false;
      barrier.arrive(barrierSlot, exhausted || stopped || (quiesced && barrier.untilWork()));
    } else {
      getContext().getSelf().tell(Continue.INSTANCE);
    }
  }

  /** DMA to one page; false when the device now waits for a page response. */
  private boolean dma(long packed) {
    long gfn = Access.toGfn(packed);
    boolean write = Access.isWrite(packed);
    int access = write ? AccessKind.WRITE.mask() : AccessKind.READ.mask();
    long cost = 0;
    long pfn = devtlb == null ? -1 : devtlb.lookup(gfn, write);
    if (pfn >= 0) {
      rec.inc(Counter.DEVTLB_HITS);
      checkLive(gfn, pfn, "device-TLB hit");
    } else {
      pfn = iotlb.lookup(vm.index(), gfn, write);
      if (pfn >= 0) {
        rec.inc(Counter.IOTLB_HITS);
        checkLive(gfn, pfn, "IOTLB hit");
        if (devtlb != null) {
          // An ATS translation answered from the IOTLB fills the device TLB too.
          devtlb.insert(gfn, 1, pfn, write);
        }
      } else {
        rec.inc(Counter.IOTLB_MISSES);
        cost += draws.ns(CostKey.IOMMU_WALK);
        long r = exportedRoot ? translateWithoutAccessedDirty(gfn, access)
            : vm.iommuTable().translateIommu(gfn, access, config.iommuMaxLeafLevel());
        if (r == Walk.MMIO && write && vm.shared() && !exportedRoot) {
          // KVM's MMIO SPTE is W|X with R=0: VT-d reads it as a writable, present entry and the write goes to
          // whatever frame its address bits name. The DMA "succeeds": the counted harm of the format hazard.
          rec.inc(Counter.FORMAT_HAZARD_DMAS);
          rec.inc(Counter.DMA_TRANSLATIONS);
          clockNs += Math.max(spec.nsPerPage(), cost);
          return true;
        }
        if (Walk.isFault(r)) {
          clockNs += cost;
          return translationFault(gfn, access, r);
        }
        pfn = Walk.toPfn(r);
        checkLive(gfn, pfn, "IOMMU walk");
        iotlb.insert(vm.index(), gfn, Walk.toLevel(r), pfn, write);
        if (devtlb != null) {
          devtlb.insert(gfn, Walk.toLevel(r), pfn, write);
        }
      }
    }
    rec.inc(Counter.DMA_TRANSLATIONS);
    if (write && vm.migration() != null) {
      vm.migration().deviceWrite(gfn);
    }
    rec.record(LatencyKind.DMA, cost + draws.ns(CostKey.TLB_HIT));
    clockNs += Math.max(spec.nsPerPage(), cost);
    return true;
  }

  private boolean translationFault(long gfn, int access, long walk) {
    if (walk == Walk.LEAF_TOO_LARGE) {
      rec.inc(Counter.DMA_FAULTS_LEAF_TOO_LARGE);
      dmaFault("leaf larger than the IOMMU supports at gfn 0x" + Long.toHexString(gfn));
      return true;
    }
    if (pageRequests && walk != Walk.MMIO && !vm.frames().isPinned(gfn)) {
      // A pinned buffer (pri-coverage below 1) is one the device cannot take a page request on.
      raisePageRequestGroup(gfn, access);
      return false;
    }
    dmaFault("DMA to unmapped gfn 0x" + Long.toHexString(gfn) + " without PRI");
    return true;
  }

  /**
   * The RFC's KVM domain has {@code dirty_tracking = false}: the IOMMU walks the exported root without setting
   * accessed or dirty bits (second-stage A/D off), so device writes leave no trace in the table.
   */
  private long translateWithoutAccessedDirty(long gfn, int access) {
    long r = vm.iommuTable().lookup(gfn);
    if (Walk.isFault(r)) {
      return r;
    }
    if (Walk.toLevel(r) > config.iommuMaxLeafLevel()) {
      return Walk.LEAF_TOO_LARGE;
    }
    if ((access & ~Spte.perms(vm.iommuTable().leafSpte(gfn))) != 0) {
      return Walk.PERMISSION;
    }
    return r;
  }

  /**
   * PRI: the page that faulted and the next pages of the burst that would fault too go out as one page request
   * group (at most {@code priMaxOutstanding} requests, the last one flagged LPIG); the device stalls until the
   * group's one response, then retries from the first. Allocates nothing but the messages.
   */
  private void raisePageRequestGroup(long gfn, int access) {
    int n = 0;
    groupGfns[n] = gfn;
    groupAccess[n++] = access;
    for (int j = bufPos + 1; j < bufLen && n < groupGfns.length; j++) {
      long g = Access.toGfn(buf[j]);
      boolean write = Access.isWrite(buf[j]);
      if (!wouldFault(g, write)) {
        break;
      }
      int a = write ? AccessKind.WRITE.mask() : AccessKind.READ.mask();
      int k = 0;
      while (k < n && groupGfns[k] != g) {
        k++;
      }
      if (k < n) {
        groupAccess[k] |= a;
      } else {
        groupGfns[n] = g;
        groupAccess[n++] = a;
      }
    }
    groupId++;
    waitingForResponse = true;
    requestRaisedNs = clockNs;
    rec.add(Counter.DEVICE_PAGE_REQUESTS, n);
    for (int k = 0; k < n; k++) {
      iommu.tell(new Iommu.PageRequest(spec.index(), vm.index(), groupGfns[k], groupAccess[k], clockNs,
          getContext().getSelf(), groupId, k == n - 1));
    }
  }

  /** True if a DMA to {@code gfn} would miss every cache and find no entry allowing it (no side effect). */
  private boolean wouldFault(long gfn, boolean write) {
    if ((devtlb != null && devtlb.lookup(gfn, write) >= 0) || iotlb.lookup(vm.index(), gfn, write) >= 0) {
      return false;
    }
    long spte = vm.iommuTable().leafSpte(gfn);
    return !Spte.isIommuPresent(spte) || (write && !Spte.isWritable(spte));
  }

  private void dmaFault(String what) {
    rec.inc(Counter.DMA_FAULTS);
    getContext().getLog().debug("device {}: DMA fault: {}", spec.name(), what);
    if (!stopped) {
      stopped = true;
      rec.inc(Counter.DEVICES_STOPPED);
    }
  }

  private void checkLive(long gfn, long pfn, String path) {
    if (!vm.frames().isLive(gfn, pfn)) {
      String what = String.format(
          "stale translation used after its invalidation completed: device %s %s gfn 0x%x -> pfn 0x%x at %d ns "
              + "(the host frame no longer backs this gfn: a DMA use-after-free)",
          spec.name(), path, gfn, pfn, clockNs);
      rec.violation(what);
      vm.violations().report(what);
      if (devtlb != null) {
        devtlb.flushRange(gfn, gfn + 1);
      }
    }
  }
}
