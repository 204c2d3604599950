package tdpsim.actors.access;

import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.memory.MmuLockGate;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.Walk;
import tdpsim.actors.table.WalkHints;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.trace.Tracing;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.Access;
import tdpsim.protocol.AccessKind;

/**
 * One vCPU's guest accesses: each goes through the TLB, then the TDP walk, and on an EPT violation through the
 * VM's fault handler in vCPU context (KVM handles TDP faults on the faulting vCPU's thread, under mmu_lock held
 * for read), after which it retries. It owns the vCPU's TLB, virtual clock, workload buffer and PML count; the
 * {@code VcpuActor} runs it between messages and the bench's sequential replay runs it inline, so both do the
 * same work. Not thread-safe: one owner.
 */
public final class CpuAccessPath {
  /**
   * Accesses drawn from the workload at a time. Small because every vCPU keeps its buffer between messages (a
   * million vCPUs x 256 longs would be 2 GiB); the workloads are streams, so the accesses are the same whatever
   * the batch.
   */
  public static final int REFILL = 32;
  /** PML buffer entries: a full buffer costs a VM exit to drain it into the dirty log. */
  static final int PML_ENTRIES = 512;

  /** How {@link #run} stopped. */
  public enum Stop {
    /** The budget is spent and the window is not over: continue later. */
    BUDGET,
    /** An access must be retried after something else ran (an invalidation holds its gfn or mmu_lock). */
    RETRY,
    /** The vCPU's clock reached the window's end. */
    WINDOW_END,
    /** The workload (or the vCPU's quota) is exhausted. */
    EXHAUSTED
  }

  private final VmContext vm;
  private final int vcpuIndex;
  private final AccessSource source;
  private final long thinkTimeNs;
  private final long maxAccesses;
  private final Tlb tlb;
  private final Recorder rec;
  private final CostDraws draws;
  private final FaultResult fault = new FaultResult();
  /** The last level-1 table pages this vCPU's walks reached (wall-time only: the walk's result is the same). */
  private final WalkHints walkHints = new WalkHints();
  /** VT-d reads KVM's format (a shared table walked by an IOMMU that does not take KVM's exported root). */
  private final boolean formatHazards;
  private final long vmExitNs;
  private final long[] buf = new long[REFILL];
  private int bufPos;
  private int bufLen;
  private boolean exhausted;
  private int pmlEntries;
  private long clockNs;
  private long accesses;
  /**
   * The cost of this access's fault attempts that ended in a retry (an invalidation in progress): KVM returns
   * RET_PF_RETRY, the vCPU re-enters the guest and faults again, so the EPT violation is resolved only by a
   * later attempt, whose recorded latency includes these (and the mmu_lock wait one of them may have had).
   */
  private long retriedFaultNs;

  /**
   * @param maxAccesses stop after this many accesses (0 = until the workload or the run ends)
   * @param rec the vCPU's own counters (the path counts its accesses, hits, misses, faults there)
   * @param draws the vCPU's own cost stream
   */
  public CpuAccessPath(VmContext vm, int vcpuIndex, AccessSource source, long thinkTimeNs, long maxAccesses,
      Tlb tlb, SimConfig config, Recorder rec, CostDraws draws) {
    this.vm = vm;
    this.vcpuIndex = vcpuIndex;
    this.source = source;
    this.thinkTimeNs = thinkTimeNs;
    this.maxAccesses = maxAccesses <= 0 ? Long.MAX_VALUE : maxAccesses;
    this.tlb = tlb;
    this.rec = rec;
    this.draws = draws;
    this.fault.draws = draws;
    this.formatHazards = vm.shared() && !config.mode().isExportedRoot();
    this.vmExitNs = config.costs().vmExitNs();
  }

  public long clockNs() {
    return clockNs;
  }

  /** Moves the clock forward to {@code ns} (never back): a paused vCPU lets the window pass. */
  public void advanceClockTo(long ns) {
    clockNs = Math.max(clockNs, ns);
  }

  public boolean isExhausted() {
    return exhausted;
  }

  public Tlb tlb() {
    return tlb;
  }

  /**
   * Runs accesses until {@code budget} are done, the clock reaches {@code windowEndNs}, the workload ends or an
   * access must be retried later (that access is then the next one).
   */
  public Stop run(long windowEndNs, int budget) {
    while (budget > 0 && clockNs < windowEndNs && !exhausted) {
      if (bufPos == bufLen) {
        refill();
        if (exhausted) {
          break;
        }
      }
      if (!access(buf[bufPos])) {
        return Stop.RETRY;
      }
      bufPos++;
      budget--;
    }
    if (exhausted) {
      return Stop.EXHAUSTED;
    }
    return clockNs >= windowEndNs ? Stop.WINDOW_END : Stop.BUDGET;
  }

  private void refill() {
    long left = maxAccesses - accesses;
    bufPos = 0;
    bufLen = left <= 0 ? 0 : source.next(buf, (int) Math.min(REFILL, left));
    if (bufLen == 0) {
      exhausted = true;
    }
  }

  /**
   * kvm_flush_remote_tlbs: KVM_REQ_TLB_FLUSH is whole-context (single-context INVEPT of the EPTP), whatever the
   * range the zap changed. A vCPU in guest mode takes the IPI's VM exit and the INVEPT before it re-enters; one
   * not in guest mode flushes at its next entry, at no cost now. Returns the cost charged, ns.
   */
  public long flushRemote(boolean inGuest) {
    tlb.flushAll();
    if (!inGuest) {
      return 0;
    }
    long costNs = draws.ns(CostKey.VM_EXIT) + draws.ns(CostKey.INVEPT);
    rec.inc(Counter.INVEPTS);
    clockNs += costNs;
    return costNs;
  }

  /** One guest access; false when it must be retried later (fault raced an invalidation). */
  boolean access(long packed) {
    long gfn = Access.toGfn(packed);
    boolean write = Access.isWrite(packed);
    long pfn = tlb.lookup(gfn, write);
    if (pfn >= 0) {
      rec.inc(Counter.TLB_HITS);
      checkLive(gfn, pfn, "TLB hit");
      if (vm.migration() != null && write) {
        vm.migration().cpuWrite(gfn, false);
      }
      clockNs += draws.ns(CostKey.TLB_HIT) + thinkTimeNs;
      accesses++;
      rec.inc(Counter.VCPU_ACCESSES);
      return true;
    }
    return walk(gfn, write);
  }

  /** A TLB miss: the TDP walk, the fault and its retry, then the TLB fill. */
  private boolean walk(long gfn, boolean write) {
    int access = write ? AccessKind.WRITE.mask() : AccessKind.READ.mask();
    rec.inc(Counter.TLB_MISSES);
    long cost = draws.ns(CostKey.TDP_WALK);
    long r = vm.tdp().translate(gfn, access, 3, walkHints);
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
        clockNs += cost + vmExitNs + thinkTimeNs;
        accesses++;
        return true;
      }
      long faultNs = fault(gfn, access, cost, lockWaitNs);
      if (fault.outcome == FaultResult.Outcome.RETRY) {
        rec.inc(Counter.FAULT_RETRIES);
        clockNs += faultNs;
        retriedFaultNs += faultNs;
        return false;
      }
      countResolvedFault(faultNs);
      if (fault.outcome == FaultResult.Outcome.NO_MEMSLOT) {
        rec.inc(Counter.MMIO_EXITS);
        clockNs += cost + faultNs + thinkTimeNs;
        accesses++;
        return true;
      }
      cost += faultNs + draws.ns(CostKey.TDP_WALK);
      r = vm.tdp().translate(gfn, access, 3, walkHints);
      if (Walk.isFault(r)) {
        // Zapped again between the install and the retry: the next attempt faults again.
        rec.inc(Counter.FAULT_RETRIES);
        clockNs += cost;
        return false;
      }
    }
    // Resolved, by this access's fault or by another walker's: no earlier attempt is owed to a later fault.
    retriedFaultNs = 0;
    long pfn = Walk.toPfn(r);
    checkLive(gfn, pfn, "TDP walk");
    tlb.insert(gfn, Walk.toLevel(r), pfn, write);
    if (write && vm.migration() != null) {
      logWrite(gfn, Walk.isDirtied(r));
    }
    clockNs += cost + thinkTimeNs;
    accesses++;
    rec.inc(Counter.VCPU_ACCESSES);
    return true;
  }

  /** A fault that resolved the EPT violation: counted, with its latency and that of the attempts that retried. */
  private void countResolvedFault(long faultNs) {
    rec.inc(Counter.VCPU_FAULTS);
    rec.record(LatencyKind.VCPU_FAULT, faultNs + retriedFaultNs);
    retriedFaultNs = 0;
    if (fault.outcome == FaultResult.Outcome.CONFLICT) {
      rec.inc(Counter.FAULT_CONFLICTS);
    } else if (!fault.installed && fault.outcome != FaultResult.Outcome.NO_MEMSLOT) {
      rec.inc(Counter.SPURIOUS_FAULTS);
    }
  }

  /** The EPT violation's handling; returns its cost (VM exit, lock wait, handler), ns. */
  private long fault(long gfn, int access, long walkNs, long lockWaitNs) {
    fault.nowNs = clockNs + lockWaitNs + walkNs;
    vm.tdpFaults().handle(gfn, access, fault);
    if (vm.tracer() != null) {
      Tracing.fault(vm.tracer(), clockNs, vm.index(), "vcpu", vcpuIndex, gfn, fault);
    }
    if (fault.mmioSpteInstalled && formatHazards) {
      // A VT-d walker reads the MMIO SPTE (W|X, R=0) as a writable, present entry.
      rec.inc(Counter.FORMAT_HAZARDS_MMIO_SPTE);
    }
    if (fault.installed && formatHazards) {
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
    return faultNs;
  }

  /** A write that walked the table during a migration: the dirty log sees it, and PML fills up. */
  private void logWrite(long gfn, boolean dirtied) {
    vm.migration().cpuWrite(gfn, dirtied);
    if (vm.migration().isPml() && ++pmlEntries == PML_ENTRIES) {
      // The PML buffer is full: a VM exit drains it into the dirty log.
      pmlEntries = 0;
      rec.inc(Counter.PML_FULL_EXITS);
      clockNs += draws.ns(CostKey.VM_EXIT);
    }
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
