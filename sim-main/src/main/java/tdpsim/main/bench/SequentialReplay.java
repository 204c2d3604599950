package tdpsim.main.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tdpsim.actors.access.CpuAccessPath;
import tdpsim.actors.access.DmaPath;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.machine.MachineBuild;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.mmu.ZapPlanner;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.LatencyKind;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.ZapResult;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.tlb.Tlb;
import tdpsim.actors.vcpu.VcpuActor;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.main.engine.WallClock;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

/**
 * The sequential baseline: the same machine build (tables, host frames, start-up population), the same
 * workloads and the very same access paths as the actors ({@link CpuAccessPath} for each vCPU, {@link DmaPath}
 * for each device, with their own counters and cost streams), run window by window in one thread with no actors
 * and no messages. A device's page request group is resolved inline by the fault path it would reach (the TDP
 * fault handler when shared, the IOMMU driver's own otherwise), with the PRI round-trip costs charged at their
 * medians (no page request queue, so no queueing). Host events are replayed inline at the start of the window
 * they fall in, with the same domain code the actors call: the zap, the remote flush of the VM's vCPUs (each
 * vCPU's own flush, VM exit and INVEPT included), the IOTLB and device-TLB invalidation, the host's change of
 * the pages and the deferred free; nothing waits, so no fault is retried. Not replayed: aging, splits in place
 * ({@code shared-prepopulated}) and migrations.
 */
public final class SequentialReplay {
  private static final int CHUNK = 256;

  /**
   * Counts of the replay, for checking it against an actor run.
   *
   * @param counters every counter of the vCPUs' and devices' recorders, summed (as a report sums them)
   * @param entities each vCPU's and device's own stats, named as the actors name theirs
   */
  public record Counts(long vcpuAccesses, long dmaTranslations, long vcpuFaults, long pageRequests,
      long tlbHits, long walks, long virtualNs, long windows, long hostEvents, long zaps, long violations,
      Map<String, Long> counters, List<EntityStats> entities) {}

  private final SimConfig config;
  private final List<HostEventSpec> events;
  private final List<VmContext> vms;
  private int nextEvent;
  private long hostEvents;
  private long zaps;
  private final List<Cpu> cpus = new ArrayList<>();
  private final List<Dev> devs = new ArrayList<>();
  private final FaultResult fault = new FaultResult();

  private SequentialReplay(MachineSpec spec) {
    this.config = spec.config();
    this.events = spec.events();
    MachineBuild build = MachineBuild.build(spec);
    this.vms = build.vms();
    for (MachineSpec.Vm v : spec.vms()) {
      VmContext vm = build.vms().get(v.index());
      for (int i = 0; i < v.vcpus(); i++) {
        Recorder rec = new Recorder("vm" + vm.index() + ".vcpu" + i);
        cpus.add(new Cpu(vm, rec, new CpuAccessPath(vm, i, v.vcpuSource().apply(i), v.thinkTimeNs(),
            v.maxAccessesPerVcpu(), new Tlb(v.tlbEntries()), config, rec,
            new CostDraws(config.costs(), CostDraws.VCPU, vm.index(), i))));
      }
    }
    for (MachineSpec.Device d : spec.devices()) {
      AssignedDeviceActor.Spec s = d.spec();
      VmContext vm = build.vms().get(s.vmIndex());
      Iotlb iotlb = build.iotlbs().get(s.iommuUnit());
      Recorder rec = new Recorder("device" + s.index() + "(" + s.name() + ")");
      DmaPath path = new DmaPath(s.name(), vm, iotlb, s.ats() ? new Tlb(s.devtlbEntries()) : null,
          d.dmaSource().get(), s.pri(), s.priMaxOutstanding(), s.nsPerPage(), config, rec,
          new CostDraws(config.costs(), CostDraws.DEVICE, s.index(), 0), null);
      devs.add(new Dev(vm, iotlb, rec, path));
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
        wall, heap, gc.elapsedMillis(), c.violations() == 0, (end - windowsStart) / 1e9);
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
    return counts(windowEndNs, windows);
  }

  private Counts counts(long virtualNs, long windows) {
    StatsMerger m = new StatsMerger();
    List<EntityStats> entities = new ArrayList<>();
    for (Cpu c : cpus) {
      c.rec().put(VcpuActor.VCPU_CLOCK_NS, c.path().clockNs());
      entities.add(c.rec().toStats());
    }
    for (Dev d : devs) {
      entities.add(d.rec().toStats());
    }
    entities.forEach(m::add);
    return new Counts(m.counter(Counter.VCPU_ACCESSES.reportName()), m.counter(Counter.DMA_TRANSLATIONS.reportName()),
        m.counter(Counter.VCPU_FAULTS.reportName()), m.counter(Counter.DEVICE_PAGE_REQUESTS.reportName()),
        m.counter(Counter.TLB_HITS.reportName()), m.counter(Counter.TLB_MISSES.reportName())
            + m.counter(Counter.IOTLB_MISSES.reportName()), virtualNs, windows, hostEvents, zaps,
        m.counter(Counter.INVARIANT_VIOLATIONS.reportName()), m.counters(), entities);
  }

  /**
   * One host event, inline: what the host, the TDP MMU and the IOMMU do for it, in their order (invalidate_range
   * start, zap, flushes and invalidations, the host's change of the pages, invalidate_range_end, deferred free).
   */
  private void hostEvent(HostEventSpec ev) {
    VmContext vm = vms.get(ev.vmIndex());
    if (ev.cause() == ZapCause.AGING) {
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
    if (!ev.needsUnpinned() || !vm.frames().isPinned()) {
      // As HostMemoryActor: the notifier has zapped, but the host leaves pinned guest memory where it is.
      ev.changeBacking(vm.frames());
    }
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
          if (c.vm() == vm) {
            // kvm_flush_remote_tlbs: whole-context, as VcpuActor.onFlushTlb does it.
            c.path().flushRemote(!c.path().isExhausted());
          }
        }
      }
      if (table == vm.iommuTable()) {
        for (Dev d : devs) {
          if (d.vm() == vm) {
            d.iotlb().invalidateRange(vm.index(), lo, hi);
            if (d.path().devtlb() != null) {
              d.path().devtlb().flushRange(lo, hi);
            }
          }
        }
      }
    }
    if (zr.deferredFree() != null) {
      table.release(zr.deferredFree());
    }
  }

  /** A vCPU's window; nothing else runs meanwhile, so a retried access is retried at once. */
  private static boolean runCpu(Cpu c, long windowEndNs) {
    CpuAccessPath.Stop stop;
    do {
      stop = c.path.run(windowEndNs, Integer.MAX_VALUE);
    } while (stop == CpuAccessPath.Stop.RETRY);
    return stop != CpuAccessPath.Stop.EXHAUSTED;
  }

  /** A device's window; its page request groups are resolved inline, then the page is retried. */
  private boolean runDev(Dev d, long windowEndNs) {
    DmaPath.Stop stop;
    while ((stop = d.path.run(windowEndNs, Integer.MAX_VALUE)) == DmaPath.Stop.PAGE_REQUEST) {
      resolvePageRequests(d);
    }
    return stop != DmaPath.Stop.EXHAUSTED && stop != DmaPath.Stop.STOPPED;
  }

  /**
   * The page request group, resolved by the fault path the IOMMU would hand it to, one request after the other;
   * the device resumes after the request's and the response's transit (medians) and the handling.
   */
  private void resolvePageRequests(Dev d) {
    VmContext vm = d.vm;
    TdpFaultHandler handler = vm.iommuFaults() != null ? vm.iommuFaults() : vm.tdpFaults();
    long raisedNs = d.path.clockNs();
    long nowNs = raisedNs + config.costs().priRequestNs();
    fault.draws = null;
    for (int k = 0; k < d.path.groupSize(); k++) {
      fault.nowNs = nowNs;
      handler.handle(d.path.groupGfn(k), d.path.groupAccess(k), fault);
      nowNs += fault.costNs;
    }
    long respondedNs = nowNs + config.costs().priResponseNs();
    d.rec.record(LatencyKind.DEVICE_PAGE_REQUEST, respondedNs - raisedNs);
    d.path.advanceClockTo(respondedNs);
  }

  private record Cpu(VmContext vm, Recorder rec, CpuAccessPath path) {}

  private record Dev(VmContext vm, Iotlb iotlb, Recorder rec, DmaPath path) {}
}
