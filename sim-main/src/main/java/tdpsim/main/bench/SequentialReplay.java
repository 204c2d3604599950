package tdpsim.main.bench;

import java.util.ArrayList;
import java.util.List;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.machine.MachineBuild;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.mmu.ZapPlanner;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Walk;
import tdpsim.actors.table.ZapResult;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.main.engine.WallClock;
import tdpsim.protocol.Access;
import tdpsim.protocol.AccessKind;
import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

/**
 * The sequential baseline: the same machine build (tables, host frames, start-up population), the same
 * workloads ({@code AccessSource}s), TLBs, walks and fault handler as the actors use, replayed window by window
 * in one thread with no actors and no messages. Each access does what a vCPU or device actor does for it: TLB
 * lookup, walk, fault, liveness check, virtual-time charge. A device's page request is resolved inline by the
 * fault path it would reach (the TDP fault handler when shared, the IOMMU driver's own otherwise), with the PRI
 * round-trip costs charged. Host events are replayed inline at the start of the window they fall in, with the
 * same domain code the actors call (so the replay faults and refaults as often as the simulator): the zap,
 * the flush of the VM's vCPU TLBs, the IOTLB and device-TLB invalidation, the host's change of the pages and
 * the deferred free; nothing waits, so no fault is retried. Not replayed: aging, splits in place
 * ({@code shared-prepopulated}) and migrations.
 */
public final class SequentialReplay {
  private static final int CHUNK = 256;

  /** Counts of the replay, for checking it against an actor run. */
  public record Counts(long vcpuAccesses, long dmaTranslations, long vcpuFaults, long pageRequests,
      long tlbHits, long walks, long virtualNs, long windows, long hostEvents, long zaps) {}

  private final SimConfig config;
  private final List<HostEventSpec> events;
  private final List<VmContext> vms;
  private int nextEvent;
  private long hostEvents;
  private long zaps;
  private final List<Cpu> cpus = new ArrayList<>();
  private final List<Dev> devs = new ArrayList<>();
  private final FaultResult fault = new FaultResult();
  private long vcpuAccesses;
  private long dmaTranslations;
  private long vcpuFaults;
  private long pageRequests;
  private long tlbHits;
  private long walks;
  private long liveFailures;

  private SequentialReplay(MachineSpec spec) {
    this.config = spec.config();
    this.events = spec.events();
    MachineBuild build = MachineBuild.build(spec);
    this.vms = build.vms();
    for (MachineSpec.Vm v : spec.vms()) {
      VmContext vm = build.vms().get(v.index());
      for (int i = 0; i < v.vcpus(); i++) {
        cpus.add(new Cpu(vm, v.vcpuSource().apply(i), new Tlb(v.tlbEntries()), v.thinkTimeNs(),
            v.maxAccessesPerVcpu() <= 0 ? Long.MAX_VALUE : v.maxAccessesPerVcpu(),
            new CostDraws(config.costs(), CostDraws.VCPU, vm.index(), i)));
      }
    }
    for (MachineSpec.Device d : spec.devices()) {
      AssignedDeviceActor.Spec s = d.spec();
      devs.add(new Dev(s, build.vms().get(s.vmIndex()), build.iotlbs().get(s.iommuUnit()), d.dmaSource().get(),
          s.ats() ? new Tlb(s.devtlbEntries()) : null, s.pri() && config.mode().isDevicePageRequests()));
    }
  }

  /** Replays the machine's accesses in one thread; wall time includes the machine's build, as for the actors. */
  public static Measurement run(MachineSpec spec) {
    GcMeter gc = GcMeter.start();
    long start = WallClock.nowNanos();
    SequentialReplay r = new SequentialReplay(spec);
    long windowsStart = WallClock.nowNanos();
    Counts c = r.replay();
    long end = WallClock.nowNanos();
    double wall = (end - start) / 1e9;
    long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    return new Measurement("sequential replay, no actors", 1, SimulatorRun.entities(spec),
        c.vcpuAccesses() + c.dmaTranslations(), 0, c.virtualNs(), c.windows(), c.vcpuFaults() + c.pageRequests(),
        wall, heap, gc.elapsedMillis(), r.liveFailures == 0, (end - windowsStart) / 1e9);
  }

  /** The replay's counts (for tests). */
  public static Counts counts(MachineSpec spec) {
    return new SequentialReplay(spec).replay();
  }

  private Counts replay() {
    long windowEndNs = 0;
    long windows = 0;
    while (windowEndNs < config.durationNs()) {
      windows++;
      windowEndNs = Math.min(config.durationNs(), windowEndNs + config.windowNs());
      while (nextEvent < events.size() && events.get(nextEvent).timeNs() < windowEndNs) {
        hostEvent(events.get(nextEvent++));
      }
      boolean busy = false;
      for (Cpu c : cpus) {
        busy |= runCpu(c, windowEndNs);
      }
      for (Dev d : devs) {
        busy |= runDev(d, windowEndNs);
      }
      if (!busy) {
        break;
      }
    }
    return new Counts(vcpuAccesses, dmaTranslations, vcpuFaults, pageRequests, tlbHits, walks, windowEndNs, windows,
        hostEvents, zaps);
  }

  /**
   * One host event, inline: what the host, the TDP MMU and the IOMMU do for it, in their order (invalidate_range
   * start, zap, flushes and invalidations, the host's change of the pages, invalidate_range_end, deferred free).
   */
  private void hostEvent(HostEventSpec ev) {
    VmContext vm = vms.get(ev.vmIndex());
    if (ev.cause() == ZapCause.AGING || (ev.needsUnpinned() && vm.frames().isPinned())) {
      return;
    }
    hostEvents++;
    vm.tdpFaults().tracker().begin(ev.startGfn(), ev.endGfn());
    if (ev.cause() == ZapCause.DIRTY_LOG && config.mode() != Mode.SHARED_PREPOPULATED) {
      vm.tdpFaults().setSmallPagesOnly(true);
    }
    if (ZapPlanner.plan(config.mode(), ev.cause()) == ZapPlanner.Plan.ZAP) {
      zap(vm, vm.tdp(), ev);
    }
    if (ev.isMmuNotifier() && config.mode() == Mode.SEPARATE_IOPF && vm.iommuTable() != vm.tdp()) {
      zap(vm, vm.iommuTable(), ev); // the IOMMU driver's own notifier on its own table
    }
    ev.changeBacking(vm.frames());
    vm.tdpFaults().tracker().end(ev.startGfn(), ev.endGfn());
  }

  /** Zap {@code table}'s range, flush every walker that may cache it, then free the unlinked table pages. */
  private void zap(VmContext vm, SharedPageTable table, HostEventSpec ev) {
    ZapResult zr = table.zap(ev.startGfn(), ev.endGfn());
    zaps++;
    if (zr.flushNeeded()) {
      long lo = zr.flushStartGfn();
      long hi = zr.flushEndGfn();
      if (table == vm.tdp()) {
        for (Cpu c : cpus) {
          if (c.vm == vm) {
            c.tlb.flush(lo, hi);
          }
        }
      }
      if (table == vm.iommuTable()) {
        for (Dev d : devs) {
          if (d.vm == vm) {
            d.iotlb.invalidateRange(vm.index(), lo, hi);
            if (d.devtlb != null) {
              d.devtlb.flushRange(lo, hi);
            }
          }
        }
      }
    }
    if (zr.deferredFree() != null) {
      table.release(zr.deferredFree());
    }
  }

  private boolean runCpu(Cpu c, long windowEndNs) {
    while (c.clockNs < windowEndNs && !c.exhausted) {
      if (c.pos == c.len) {
        long left = c.max - c.accesses;
        c.pos = 0;
        c.len = left <= 0 ? 0 : c.source.next(c.buf, (int) Math.min(CHUNK, left));
        if (c.len == 0) {
          c.exhausted = true;
          break;
        }
      }
      if (access(c, c.buf[c.pos])) {
        c.pos++;
      }
    }
    return !c.exhausted;
  }

  /** One vCPU access, as {@code VcpuActor} does it; false when it must be retried. */
  private boolean access(Cpu c, long packed) {
    long gfn = Access.toGfn(packed);
    boolean write = Access.isWrite(packed);
    int access = write ? AccessKind.WRITE.mask() : AccessKind.READ.mask();
    VmContext vm = c.vm;
    long pfn = c.tlb.lookup(gfn, write);
    if (pfn >= 0) {
      tlbHits++;
      checkLive(vm, gfn, pfn);
      c.clockNs += c.draws.ns(CostKey.TLB_HIT) + c.thinkNs;
      c.accesses++;
      vcpuAccesses++;
      return true;
    }
    walks++;
    long cost = c.draws.ns(CostKey.TDP_WALK);
    long r = vm.tdp().translate(gfn, access, 3);
    if (Walk.isFault(r)) {
      // The vCPU's own cost stream and clock, as VcpuActor passes them (the host's zeroing queue needs the time).
      fault.draws = c.draws;
      fault.nowNs = c.clockNs + cost;
      vm.tdpFaults().handle(gfn, access, fault);
      long faultNs = c.draws.ns(CostKey.VM_EXIT) + fault.costNs;
      if (fault.outcome == FaultResult.Outcome.RETRY) {
        c.clockNs += faultNs;
        return false;
      }
      vcpuFaults++;
      if (fault.outcome == FaultResult.Outcome.NO_MEMSLOT) {
        c.clockNs += cost + faultNs + c.thinkNs;
        c.accesses++;
        vcpuAccesses++;
        return true;
      }
      cost += faultNs + c.draws.ns(CostKey.TDP_WALK);
      walks++;
      r = vm.tdp().translate(gfn, access, 3);
      if (Walk.isFault(r)) {
        c.clockNs += cost;
        return false;
      }
    }
    pfn = Walk.toPfn(r);
    checkLive(vm, gfn, pfn);
    c.tlb.insert(gfn, Walk.toLevel(r), pfn, write);
    c.clockNs += cost + c.thinkNs;
    c.accesses++;
    vcpuAccesses++;
    return true;
  }

  private boolean runDev(Dev d, long windowEndNs) {
    while (d.clockNs < windowEndNs && !d.exhausted && !d.stopped) {
      if (d.pos == d.len) {
        d.pos = 0;
        d.len = d.source.next(d.buf, CHUNK);
        if (d.len == 0) {
          d.exhausted = true;
          break;
        }
      }
      if (dma(d, d.buf[d.pos])) {
        d.pos++;
      }
    }
    return !d.exhausted && !d.stopped;
  }

  /** DMA to one page, as {@code AssignedDeviceActor} does it; false when it must be retried. */
  private boolean dma(Dev d, long packed) {
    long gfn = Access.toGfn(packed);
    boolean write = Access.isWrite(packed);
    int access = write ? AccessKind.WRITE.mask() : AccessKind.READ.mask();
    VmContext vm = d.vm;
    long cost = 0;
    long pfn = d.devtlb == null ? -1 : d.devtlb.lookup(gfn, write);
    if (pfn >= 0) {
      tlbHits++;
      checkLive(vm, gfn, pfn);
    } else {
      pfn = d.iotlb.lookup(vm.index(), gfn, write);
      if (pfn >= 0) {
        tlbHits++;
        checkLive(vm, gfn, pfn);
      } else {
        walks++;
        cost += config.costs().iommuWalkNs();
        long r = vm.iommuTable().translateIommu(gfn, access, config.iommuMaxLeafLevel());
        if (Walk.isFault(r)) {
          d.clockNs += cost;
          if (r != Walk.LEAF_TOO_LARGE && r != Walk.MMIO && d.pageRequests) {
            pageRequests++;
            TdpFaultHandler handler = vm.iommuFaults() != null ? vm.iommuFaults() : vm.tdpFaults();
            fault.draws = null;
            fault.nowNs = d.clockNs;
            handler.handle(gfn, access, fault);
            d.clockNs += config.costs().priRequestNs() + fault.costNs + config.costs().priResponseNs();
            return false;
          }
          d.stopped = true;
          return true;
        }
        pfn = Walk.toPfn(r);
        checkLive(vm, gfn, pfn);
        d.iotlb.insert(vm.index(), gfn, Walk.toLevel(r), pfn, write);
        if (d.devtlb != null) {
          d.devtlb.insert(gfn, Walk.toLevel(r), pfn, write);
        }
      }
    }
    dmaTranslations++;
    d.clockNs += Math.max(d.spec.nsPerPage(), cost);
    return true;
  }

  private void checkLive(VmContext vm, long gfn, long pfn) {
    if (!vm.frames().isLive(gfn, pfn)) {
      liveFailures++;
    }
  }

  private static final class Cpu {
    final VmContext vm;
    final AccessSource source;
    final Tlb tlb;
    final long thinkNs;
    final long max;
    final long[] buf = new long[CHUNK];
    int pos;
    int len;
    long accesses;
    long clockNs;
    boolean exhausted;

    final CostDraws draws;

    Cpu(VmContext vm, AccessSource source, Tlb tlb, long thinkNs, long max, CostDraws draws) {
      this.draws = draws;
      this.vm = vm;
      this.source = source;
      this.tlb = tlb;
      this.thinkNs = thinkNs;
      this.max = max;
    }
  }

  private static final class Dev {
    final AssignedDeviceActor.Spec spec;
    final VmContext vm;
    final Iotlb iotlb;
    final AccessSource source;
    final Tlb devtlb;
    final boolean pageRequests;
    final long[] buf = new long[CHUNK];
    int pos;
    int len;
    long clockNs;
    boolean exhausted;
    boolean stopped;

    Dev(AssignedDeviceActor.Spec spec, VmContext vm, Iotlb iotlb, AccessSource source, Tlb devtlb,
        boolean pageRequests) {
      this.spec = spec;
      this.vm = vm;
      this.iotlb = iotlb;
      this.source = source;
      this.devtlb = devtlb;
      this.pageRequests = pageRequests;
    }
  }
}
