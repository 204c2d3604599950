package tdpsim.actors.device;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.access.DmaPath;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
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
  private final VmContext vm;
  private final ActorRef<Iommu.Command> iommu;
  private final SimConfig config;
  private final Recorder rec;
  private final CostDraws draws;
  private final DmaPath path;
  private boolean waitingForResponse;
  private boolean quiesced;
  private ActorRef<AssignedDevice.Quiesced> quiesceReplyTo;
  private long requestRaisedNs;
  /** The outstanding page request group (its responses are matched by id). */
  private long groupId;
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
    this.iommu = iommu;
    this.config = config;
    this.rec = new Recorder("device" + spec.index() + "(" + spec.name() + ")");
    this.draws = new CostDraws(config.costs(), CostDraws.DEVICE, spec.index(), 0);
    this.path = new DmaPath(spec.name(), vm, iotlb, spec.ats() ? new Tlb(spec.devtlbEntries()) : null, source,
        spec.pri(), spec.priMaxOutstanding(), spec.nsPerPage(), config, rec, draws,
        what -> context.getLog().debug("device {}: DMA fault: {}", spec.name(), what));
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
    path.advanceClockTo(msg.respondedNs());
    rec.record(LatencyKind.DEVICE_PAGE_REQUEST, msg.respondedNs() - requestRaisedNs);
    if (!msg.success()) {
      path.pageRequestFailed(msg.gfn());
    } else if (quiesced && !path.retryCurrent()) {
      // The transfer in flight completes before the device reports quiesced.
      sendPageRequestGroup();
    }
    if (quiesceReplyTo != null && !waitingForResponse) {
      quiesceReplyTo.tell(new AssignedDevice.Quiesced(spec.index(), path.clockNs()));
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
    Tlb devtlb = path.devtlb();
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
      msg.replyTo().tell(new AssignedDevice.Quiesced(spec.index(), path.clockNs()));
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
    if (quiesced) {
      path.advanceClockTo(windowEndNs);
    }
    DmaPath.Stop stop = path.run(windowEndNs, CHUNK);
    switch (stop) {
      case PAGE_REQUEST -> sendPageRequestGroup();
      case BUDGET -> getContext().getSelf().tell(Continue.INSTANCE);
      default -> {
        inWindow = false;
        barrier.arrive(barrierSlot, path.isExhausted() || path.isStopped() || (quiesced && barrier.untilWork()));
      }
    }
  }

  /** The group {@link DmaPath} collected goes to the IOMMU; the device stalls until the group's response. */
  private void sendPageRequestGroup() {
    groupId++;
    waitingForResponse = true;
    requestRaisedNs = path.clockNs();
    int n = path.groupSize();
    for (int k = 0; k < n; k++) {
      iommu.tell(new Iommu.PageRequest(spec.index(), vm.index(), path.groupGfn(k), path.groupAccess(k),
          requestRaisedNs, getContext().getSelf(), groupId, k == n - 1));
    }
  }
}
