package tdpsim.actors.vcpu;

import tdpsim.actors.trace.Tracing;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.memory.MmuLockGate;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.Walk;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.Access;
import tdpsim.protocol.AccessKind;
import tdpsim.protocol.Vcpu;

/**
 * One vCPU. It replays its workload in chunks: each access goes through the TLB, then the TDP walk, and on an
 * EPT violation through the VM's fault handler in vCPU context (KVM handles TDP faults on the faulting vCPU's
 * thread, under mmu_lock held for read, so faults of many vCPUs run in parallel, but wait behind a zap that holds
 * it for write), after which it retries. Remote TLB flushes arrive as messages between chunks, like an IPI
 * between guest instructions: the vCPU exits and runs a single-context INVEPT, which drops its whole TLB.
 */
public final class VcpuActor extends AbstractBehavior<Vcpu.Command> {
  /** Accesses per chunk: large enough to amortise a message, small enough to let flushes in promptly. */
  static final int CHUNK = 256;
  /**
   * Accesses drawn from the workload at a time. Smaller than a chunk because every vCPU keeps its buffer
   * between messages (a million vCPUs x 256 longs would be 2 GiB); the workloads are streams, so the accesses
   * are the same whatever the batch.
   */
  static final int REFILL = 32;

  /** Stats key: the vCPU's virtual clock at the end; summed over vCPUs, divided by accesses = ns per access. */
  public static final String VCPU_CLOCK_NS = "vcpuClockNs";

  private enum Continue implements Vcpu.Internal {
    INSTANCE
  }

  private final VmContext vm;
  private final int vcpuIndex;
  private final AccessSource source;
  private final long thinkTimeNs;
  private final long maxAccesses;
  private final SimConfig config;
  private final Tlb tlb;
  private final Recorder rec;
  private final FaultResult fault = new FaultResult();
  private final CostDraws draws;
  private final long[] buf = new long[REFILL];
  private int bufPos;
  private int bufLen;
  private boolean exhausted;
  private boolean paused;
  private int pmlEntries;
  private long clockNs;
  private long accesses;
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
    this.source = source;
    this.thinkTimeNs = thinkTimeNs;
    this.maxAccesses = maxAccesses <= 0 ? Long.MAX_VALUE : maxAccesses;
    this.config = config;
    this.tlb = new Tlb(tlbEntries);
    this.rec = new Recorder("vm" + vm.index() + ".vcpu" + vcpuIndex);
    this.draws = new CostDraws(config.costs(), CostDraws.VCPU, vm.index(), vcpuIndex);
    this.fault.draws = draws;
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
    tlb.flushAll();
    long doneNs = msg.sentNs();
    if (!paused && !exhausted) {
      long costNs = draws.ns(CostKey.VM_EXIT) + draws.ns(CostKey.INVEPT);
      rec.inc(Counter.INVEPTS);
      clockNs += costNs;
      doneNs += costNs;
    }
    msg.replyTo().tell(new Vcpu.TlbFlushed(msg.flushId(), vcpuIndex, doneNs));
    return this;
  }

  /** Stop-and-copy: no more guest accesses; the message arrives between chunks, so nothing is half done. */
  private Behavior<Vcpu.Command> onPause(Vcpu.Pause msg) {
    rec.inc(Counter.MESSAGES);
    paused = true;
    msg.replyTo().tell(new Vcpu.Paused(vm.index(), vcpuIndex, clockNs));
    if (inWindow) {
      runChunk();
    }
    return this;
  }

  private Behavior<Vcpu.Command> onReportStats(Vcpu.ReportStats msg) {
    rec.inc(Counter.MESSAGES);
    rec.put(VCPU_CLOCK_NS, clockNs);
    msg.replyTo().tell(rec.toStats());
    return this;
  }

  /** Runs up to one chunk of accesses, then either yields (Continue) or arrives at the window's barrier. */
  private void runChunk() {
    int budget = CHUNK;
    if (paused) {
      clockNs = Math.max(clockNs, windowEndNs);
    }
    while (budget > 0 && clockNs < windowEndNs && !exhausted) {
      if (bufPos == bufLen) {
        refill();
        if (exhausted) {
          break;
        }
      }
      if (!access(buf[bufPos])) {
        // An invalidation of this gfn is in progress: let it finish, then retry the same access.
        getContext().getSelf().tell(Continue.INSTANCE);
        return;
      }
      bufPos++;
      budget--;
    }
    if (clockNs >= windowEndNs || exhausted) {
      inWindow = false;
      // Under run.until = work a paused vCPU (stop-and-copy) is done: it never runs again in this machine.
      barrier.arrive(barrierSlot, exhausted || (paused && barrier.untilWork()));
    } else {
      getContext().getSelf().tell(Continue.INSTANCE);
    }
  }

  private void refill() {
    long left = maxAccesses - accesses;
    bufPos = 0;
    bufLen = left <= 0 ? 0 : source.next(buf, (int) Math.min(REFILL, left));
    if (bufLen == 0) {
      exhausted = true;
    }
  }

  /** One guest access; false when it must be retried later (fault raced an invalidation). */
  private boolean access(long packed) {
    long gfn = Access.toGfn(packed);
    boolean write = Access.isWrite(packed);
    int access = write ? AccessKind.WRITE.mask() : AccessKind.READ.mask();
    long pfn = tlb.lookup(gfn, write);
    if (pfn >= 0) {
      rec.inc(Counter.TLB_HITS);
      checkLive(gfn, pfn, "TLB hit");
      if (write && vm.migration() != null) {
        vm.migration().cpuWrite(gfn, false);
      }
      clockNs += draws.ns(CostKey.TLB_HIT) + thinkTimeNs;
      accesses++;
      rec.inc(Counter.VCPU_ACCESSES);
      return true;
    }
    rec.inc(Counter.TLB_MISSES);
    long cost = draws.ns(CostKey.TDP_WALK);
    long r = vm.tdp().translate(gfn, access, 3);
    if (Walk.isFault(r)) {
      long lockWaitNs = vm.tdpFaults().mmuLock().readWaitNs(clockNs);
      if (lockWaitNs == MmuLockGate.BLOCKED) {
        // mmu_lock is write-held by a zap still in progress: stay at this access, without time passing, until
        // it is released; the wait is charged then. The retry will count its TLB miss again.
        rec.add(Counter.TLB_MISSES, -1);
        return false;
      }
      if (r == Walk.MMIO) {
        // KVM's MMIO SPTE: an EPT misconfig exit straight to emulation, no fault handling.
        rec.inc(Counter.MMIO_EXITS);
        clockNs += cost + config.costs().vmExitNs() + thinkTimeNs;
        accesses++;
        return true;
      }
      fault.nowNs = clockNs + lockWaitNs + cost;
      vm.tdpFaults().handle(gfn, access, fault);
      if (vm.tracer() != null) Tracing.fault(vm.tracer(), clockNs, vm.index(), "vcpu", vcpuIndex, gfn, fault);
      if (fault.mmioSpteInstalled && vm.shared() && !config.mode().isExportedRoot()) {
        // A VT-d walker reads the MMIO SPTE (W|X, R=0) as a writable, present entry.
        rec.inc(Counter.FORMAT_HAZARDS_MMIO_SPTE);
      }
      if (fault.installed && vm.shared() && !config.mode().isExportedRoot()) {
        // KVM's MMU-present bit 11 is VT-d's SNP bit; the RFC moves it to bit 59.
        rec.inc(Counter.FORMAT_HAZARDS_BIT11_SNP);
      }
      long faultNs = draws.ns(CostKey.VM_EXIT) + lockWaitNs + fault.costNs;
      if (fault.zeroQueued) {
        rec.record(LatencyKind.ZEROING_WAIT, fault.zeroWaitNs);
      }
      if (lockWaitNs > 0) {
        rec.inc(Counter.MMU_LOCK_WAITS);
        rec.record(LatencyKind.MMU_LOCK_WAIT, lockWaitNs);
      }
      rec.add(Counter.HOST_PAGES_ALLOCATED, fault.allocatedPages);
      if (fault.splits > 0) {
        // tdp_mmu_split_huge_page changes no translation: no TLB flush, no IOTLB invalidation.
        rec.add(Counter.DIRTY_LOG_SPLITS, fault.splits);
      }
      if (fault.outcome == FaultResult.Outcome.RETRY) {
        rec.inc(Counter.FAULT_RETRIES);
        clockNs += faultNs;
        return false;
      }
      rec.inc(Counter.VCPU_FAULTS);
      rec.record(LatencyKind.VCPU_FAULT, faultNs);
      if (fault.outcome == FaultResult.Outcome.NO_MEMSLOT) {
        rec.inc(Counter.MMIO_EXITS);
        clockNs += cost + faultNs + thinkTimeNs;
        accesses++;
        return true;
      }
      if (fault.outcome == FaultResult.Outcome.CONFLICT) {
        rec.inc(Counter.FAULT_CONFLICTS);
      } else if (!fault.installed) {
        rec.inc(Counter.SPURIOUS_FAULTS);
      }
      cost += faultNs + draws.ns(CostKey.TDP_WALK);
      r = vm.tdp().translate(gfn, access, 3);
      if (Walk.isFault(r)) {
        // Zapped again between the install and the retry: the next attempt faults again.
        rec.inc(Counter.FAULT_RETRIES);
        clockNs += cost;
        return false;
      }
    }
    pfn = Walk.toPfn(r);
    checkLive(gfn, pfn, "TDP walk");
    tlb.insert(gfn, Walk.toLevel(r), pfn, write);
    if (write && vm.migration() != null) {
      vm.migration().cpuWrite(gfn, Walk.isDirtied(r));
      if (vm.migration().isPml() && ++pmlEntries == 512) {
        // The PML buffer is full: a VM exit drains it into the dirty log.
        pmlEntries = 0;
        rec.inc(Counter.PML_FULL_EXITS);
        clockNs += draws.ns(CostKey.VM_EXIT);
      }
    }
    clockNs += cost + thinkTimeNs;
    accesses++;
    rec.inc(Counter.VCPU_ACCESSES);
    return true;
  }

  private void checkLive(long gfn, long pfn, String path) {
    if (!vm.frames().isLive(gfn, pfn)) {
      String what = String.format(
          "stale translation used after its invalidation completed: vCPU %s gfn 0x%x -> pfn 0x%x at %d ns "
              + "(the host frame no longer backs this gfn: a use-after-free)", path, gfn, pfn, clockNs);
      rec.violation(what);
      vm.violations().report("vm" + vm.index() + ".vcpu" + vcpuIndex + ": " + what);
      tlb.flushRange(gfn, gfn + 1);
    }
  }
}
