package tdpsim.actors.host;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.HostMemory;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Mode;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.ZapCause;

/**
 * The host memory manager: fires scheduled host events at their virtual times. For an MMU-notifier event it
 * calls invalidate_range_start on every listener (the VM's TDP MMU, and in {@code separate-iopf} the IOMMU
 * driver's own notifier), waits for every acknowledgement, and only then changes the backing (frees, moves,
 * splits or collapses the pages): invalidate_range_end. The notifier fires even on pinned memory: the host finds
 * the pin only after invalidate_range_start (KSM's write_protect_page checks the page count after clearing the
 * PTE), so KVM has zapped by then; the host then leaves pinned pages where they are and the event counts as
 * refused. KVM-side causes (memslot changes, dirty logging, NX recovery) go to the TDP MMU as zap requests.
 * Events run one at a time in time order.
 */
public final class HostMemoryActor extends AbstractBehavior<HostMemory.Command> {
  private record WrappedInvalidateDone(TdpMmu.InvalidateDone done) implements HostMemory.Internal {}

  private record WrappedIotlbInvalidated(Iommu.IotlbInvalidated done) implements HostMemory.Internal {}

  private final List<VmContext> vms;
  private final List<HostEventSpec> events;
  private final SimConfig config;
  private final Directory directory;
  private final Recorder rec = new Recorder("host");
  private final ActorRef<TdpMmu.InvalidateDone> mmuAdapter;
  private final ActorRef<Iommu.IotlbInvalidated> iommuAdapter;
  private int next;
  private long windowEndNs;
  private boolean inWindow;
  private final WindowBarrier barrier;
  private HostEventSpec running;
  private long runningId;
  private int pendingAcks;
  private long doneNs;

  private HostMemoryActor(ActorContext<HostMemory.Command> context, List<VmContext> vms,
      List<HostEventSpec> events, SimConfig config, Directory directory, WindowBarrier barrier) {
    super(context);
    this.barrier = barrier;
    this.vms = List.copyOf(vms);
    this.events = List.copyOf(events);
    this.config = config;
    this.directory = directory;
    this.mmuAdapter = context.messageAdapter(TdpMmu.InvalidateDone.class, WrappedInvalidateDone::new);
    this.iommuAdapter = context.messageAdapter(Iommu.IotlbInvalidated.class, WrappedIotlbInvalidated::new);
  }

  /**
   * @param events in ascending time order
   * @param barrier where the host arrives once the window's events have completed
   */
  public static Behavior<HostMemory.Command> create(List<VmContext> vms, List<HostEventSpec> events,
      SimConfig config, Directory directory, WindowBarrier barrier) {
    return Behaviors.setup(ctx -> new HostMemoryActor(ctx, vms, events, config, directory, barrier));
  }

  @Override
  public Receive<HostMemory.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(HostMemory.RunWindow.class, this::onRunWindow)
        .onMessage(WrappedInvalidateDone.class, this::onInvalidateDone)
        .onMessage(WrappedIotlbInvalidated.class, this::onIotlbInvalidated)
        .onMessage(HostMemory.ReportStats.class, this::onReportStats)
        .build();
  }

  private Behavior<HostMemory.Command> onRunWindow(HostMemory.RunWindow msg) {
    rec.inc(Counter.MESSAGES);
    windowEndNs = msg.windowEndNs();
    inWindow = true;
    fireDue();
    return this;
  }

  private void fireDue() {
    while (running == null && next < events.size() && events.get(next).timeNs() < windowEndNs) {
      fire(events.get(next++));
    }
    if (running == null && inWindow) {
      inWindow = false;
      // Nothing to do until the next event is due: the barrier need not start the host's windows before then.
      barrier.arrive(barrier.hostSlot(), next >= events.size() ? WindowBarrier.NEVER : events.get(next).timeNs());
    }
  }

  private void fire(HostEventSpec ev) {
    rec.inc(Counter.HOST_EVENTS);
    VmContext vm = vms.get(ev.vmIndex());
    if (ev.cause() == ZapCause.AGING) {
      age(vm, ev);
      return;
    }
    running = ev;
    runningId = next;
    pendingAcks = 0;
    doneNs = ev.timeNs();
    if (ev.isMmuNotifier()) {
      pendingAcks++;
      directory.mmu(ev.vmIndex()).tell(new TdpMmu.Invalidate(runningId, ev.startGfn(), ev.endGfn(), ev.cause(),
          ev.timeNs(), mmuAdapter));
      if (config.mode() == Mode.SEPARATE_IOPF) {
        for (int unit : directory.unitsOfVm(ev.vmIndex())) {
          pendingAcks++;
          directory.iommu(unit).tell(new Iommu.MmuNotifierInvalidate(runningId, ev.vmIndex(), ev.startGfn(),
              ev.endGfn(), ev.timeNs(), iommuAdapter));
        }
      }
    } else {
      pendingAcks++;
      directory.mmu(ev.vmIndex()).tell(new TdpMmu.ZapRange(runningId, ev.startGfn(), ev.endGfn(), ev.cause(),
          ev.timeNs(), mmuAdapter));
    }
  }

  private Behavior<HostMemory.Command> onInvalidateDone(WrappedInvalidateDone w) {
    rec.inc(Counter.MESSAGES);
    ack(w.done().eventId(), w.done().doneNs());
    return this;
  }

  private Behavior<HostMemory.Command> onIotlbInvalidated(WrappedIotlbInvalidated w) {
    rec.inc(Counter.MESSAGES);
    ack(w.done().invalidationId(), w.done().doneNs());
    return this;
  }

  private void ack(long eventId, long ackNs) {
    if (running == null || eventId != runningId) {
      return;
    }
    doneNs = Math.max(doneNs, ackNs);
    if (--pendingAcks == 0) {
      applyBacking(running);
      endRange(running);
      running = null;
      fireDue();
    }
  }

  /** invalidate_range_end to every listener, after the pages changed: their faults may map the new frames. */
  private void endRange(HostEventSpec ev) {
    if (!ev.isMmuNotifier()) {
      return;
    }
    directory.mmu(ev.vmIndex()).tell(new TdpMmu.InvalidateRangeEnd(runningId, ev.startGfn(), ev.endGfn()));
    if (config.mode() == Mode.SEPARATE_IOPF) {
      for (int unit : directory.unitsOfVm(ev.vmIndex())) {
        directory.iommu(unit).tell(new Iommu.MmuNotifierInvalidateEnd(runningId, ev.vmIndex(), ev.startGfn(),
            ev.endGfn()));
      }
    }
  }

  /**
   * Every listener acknowledged invalidate_range_start: the host may now change the pages, unless they are pinned
   * for DMA: reclaim, migration, compaction, KSM and khugepaged then find the pin and leave them alone.
   */
  private void applyBacking(HostEventSpec ev) {
    VmContext vm = vms.get(ev.vmIndex());
    if (ev.needsUnpinned() && vm.frames().isPinned()) {
      rec.inc(Counter.HOST_EVENTS_REFUSED_PINNED);
      return;
    }
    ev.changeBacking(vm.frames());
  }

  /**
   * clear_young over the range: pages whose A bit was set are young. In a shared table the IOMMU sets A bits
   * too, so pages only a device touches look young; with separate tables the IOMMU's own bits are not
   * consulted by the host's aging, so such pages look cold.
   */
  private void age(VmContext vm, HostEventSpec ev) {
    long pages = ev.endGfn() - ev.startGfn();
    long[] bitmap = new long[(int) ((pages + 63) >>> 6)];
    long young = vm.tdp().harvestAccessed(ev.startGfn(), ev.endGfn(), bitmap, true);
    rec.inc(Counter.AGING_SCANS);
    rec.add(Counter.PAGES_SCANNED_YOUNG, young);
    rec.add(Counter.PAGES_SCANNED_OLD, Math.max(0, pages - young));
  }

  private Behavior<HostMemory.Command> onReportStats(HostMemory.ReportStats msg) {
    rec.inc(Counter.MESSAGES);
    msg.replyTo().tell(rec.toStats());
    return this;
  }
}
