package tdpsim.actors.vcpu;

import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.access.CpuAccessPath;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.Vcpu;

/**
 * One vCPU. It replays its workload in chunks through its {@link CpuAccessPath} (TLB, TDP walk, EPT violation
 * handled in vCPU context, retry). Remote TLB flushes arrive as messages between chunks, like an IPI between
 * guest instructions: the vCPU exits and runs a single-context INVEPT, which drops its whole TLB.
 */
public final class VcpuActor extends AbstractBehavior<Vcpu.Command> {
  /** Accesses per chunk: large enough to amortise a message, small enough to let flushes in promptly. */
  static final int CHUNK = 256;

  /** Stats key: the vCPU's virtual clock at the end; summed over vCPUs, divided by accesses = ns per access. */
  public static final String VCPU_CLOCK_NS = "vcpuClockNs";

  private enum Continue implements Vcpu.Internal {
    INSTANCE
  }

  private final VmContext vm;
  private final int vcpuIndex;
  private final Recorder rec;
  private final CpuAccessPath path;
  private boolean paused;
  private long windowEndNs;
  private boolean inWindow;
  private final WindowBarrier barrier;
  private final int barrierSlot;

  private VcpuActor(ActorContext<Vcpu.Command> context, VmContext vm, int vcpuIndex, AccessSource source,
      long thinkTimeNs, long maxAccesses, int tlbEntries, SimConfig config, WindowBarrier barrier) {
    super(context);
    this.barrier = barrier;
    this.barrierSlot = barrier.vcpuSlot(vm.index(), vcpuIndex);
    this.vm = vm;
    this.vcpuIndex = vcpuIndex;
    this.rec = new Recorder("vm" + vm.index() + ".vcpu" + vcpuIndex);
    this.path = new CpuAccessPath(vm, vcpuIndex, source, thinkTimeNs, maxAccesses, new Tlb(tlbEntries), config, rec,
        new CostDraws(config.costs(), CostDraws.VCPU, vm.index(), vcpuIndex));
  }

  /**
   * @param source builds the vCPU's workload when the actor starts, on the worker that runs it: a workload's
   *     random state is written on every access, and sources built one after another by the supervisor sat in
   *     the same cache lines, so vCPUs on different cores invalidated each other's lines on every draw
   * @param maxAccesses stop after this many accesses (0 = until the workload or the run ends)
   * @param barrier where the vCPU arrives at the end of each window
   */
  public static Behavior<Vcpu.Command> create(VmContext vm, int vcpuIndex, Supplier<AccessSource> source,
      long thinkTimeNs, long maxAccesses, int tlbEntries, SimConfig config, WindowBarrier barrier) {
    return Behaviors.setup(ctx -> new VcpuActor(ctx, vm, vcpuIndex, source.get(), thinkTimeNs, maxAccesses,
        tlbEntries, config, barrier));
  }

  @Override
  public Receive<Vcpu.Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Vcpu.RunWindow.class, this::onRunWindow)
        .onMessageEquals(Continue.INSTANCE, this::onContinue)
        .onMessage(Vcpu.FlushTlb.class, this::onFlushTlb)
        .onMessage(Vcpu.Pause.class, this::onPause)
        .onMessage(Vcpu.ReportStats.class, this::onReportStats)
        .build();
  }

  private Behavior<Vcpu.Command> onRunWindow(Vcpu.RunWindow msg) {
    rec.inc(Counter.MESSAGES);
    windowEndNs = msg.windowEndNs();
    inWindow = true;
    runChunk();
    return this;
  }

  private Behavior<Vcpu.Command> onContinue() {
    rec.inc(Counter.MESSAGES);
    if (inWindow) {
      runChunk();
    }
    return this;
  }

  /**
   * kvm_flush_remote_tlbs: KVM_REQ_TLB_FLUSH is whole-context (single-context INVEPT of the EPTP), whatever the
   * range the zap changed. A running vCPU takes the IPI's VM exit and the INVEPT before it re-enters, and the
   * flush waits for it; a vCPU not in guest mode (paused, or done) flushes at its next entry, at no cost now.
   */
  private Behavior<Vcpu.Command> onFlushTlb(Vcpu.FlushTlb msg) {
    rec.inc(Counter.MESSAGES);
    long doneNs = msg.sentNs() + path.flushRemote(!paused && !path.isExhausted());
    msg.replyTo().tell(new Vcpu.TlbFlushed(msg.flushId(), vcpuIndex, doneNs));
    return this;
  }

  /** Stop-and-copy: no more guest accesses; the message arrives between chunks, so nothing is half done. */
  private Behavior<Vcpu.Command> onPause(Vcpu.Pause msg) {
    rec.inc(Counter.MESSAGES);
    paused = true;
    msg.replyTo().tell(new Vcpu.Paused(vm.index(), vcpuIndex, path.clockNs()));
    if (inWindow) {
      runChunk();
    }
    return this;
  }

  private Behavior<Vcpu.Command> onReportStats(Vcpu.ReportStats msg) {
    rec.inc(Counter.MESSAGES);
    rec.put(VCPU_CLOCK_NS, path.clockNs());
    msg.replyTo().tell(rec.toStats());
    return this;
  }

  /** Runs up to one chunk of accesses, then either yields (Continue) or arrives at the window's barrier. */
  private void runChunk() {
    if (paused) {
      path.advanceClockTo(windowEndNs);
    }
    CpuAccessPath.Stop stop = path.run(windowEndNs, CHUNK);
    if (stop == CpuAccessPath.Stop.WINDOW_END || stop == CpuAccessPath.Stop.EXHAUSTED) {
      inWindow = false;
      // Under run.until = work a paused vCPU (stop-and-copy) is done: it never runs again in this machine.
      barrier.arrive(barrierSlot, path.isExhausted() || (paused && barrier.untilWork()));
    } else {
      // BUDGET: let flushes in. RETRY: an invalidation of this gfn is in progress; let it finish, then retry.
      getContext().getSelf().tell(Continue.INSTANCE);
    }
  }
}
