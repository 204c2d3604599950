package tdpsim.actors.access;

import java.util.function.Consumer;
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
import tdpsim.protocol.Access;
import tdpsim.protocol.AccessKind;

/**
 * One assigned device's DMA, page by page: the device TLB (with ATS), else the IOMMU unit's IOTLB, else a walk of
 * the table the IOMMU uses for this VM (the shared TDP table, or the IOMMU's own). A miss on a non-present entry
 * becomes a PRI page request group when the device and the design support it (the device stalls until the
 * group's response, then retries); otherwise it is a DMA fault, fatal for the device, which stops. The
 * {@code AssignedDeviceActor} sends the group to its IOMMU; the bench's sequential replay resolves it inline.
 * Not thread-safe: one owner.
 */
public final class DmaPath {
  /** DMA pages drawn from the workload at a time: small for the same reason as the vCPU's. */
  public static final int REFILL = 32;

  /** How {@link #run} stopped. */
  public enum Stop {
    /** The budget is spent and the window is not over: continue later. */
    BUDGET,
    /** A page request group is ready ({@link #groupSize()}): the device waits for its response. */
    PAGE_REQUEST,
    /** The device's clock reached the window's end. */
    WINDOW_END,
    /** The DMA pattern is exhausted. */
    EXHAUSTED,
    /** A DMA fault stopped the device. */
    STOPPED
  }

  private final VmContext vm;
  private final Iotlb iotlb;
  private final Tlb devtlb;
  private final AccessSource source;
  private final Recorder rec;
  private final CostDraws draws;
  private final String name;
  private final long nsPerPage;
  private final int iommuMaxLeafLevel;
  private final boolean pageRequests;
  /** rfc-tdp-fd: the IOMMU walks KVM's exported root without A/D updates. */
  private final boolean exportedRoot;
  private final Consumer<String> faultLog;
  private final long[] buf = new long[REFILL];
  private int bufPos;
  private int bufLen;
  private boolean exhausted;
  private boolean stopped;
  private long clockNs;
  private final long[] groupGfns;
  private final int[] groupAccess;
  private int groupSize;

  /**
   * @param devtlb the device's ATS TLB, or null without ATS
   * @param pri the device can send page requests (the design must allow them too)
   * @param priMaxOutstanding the largest page request group
   * @param faultLog told why the device stopped, or null
   */
  public DmaPath(String name, VmContext vm, Iotlb iotlb, Tlb devtlb, AccessSource source, boolean pri,
      int priMaxOutstanding, long nsPerPage, SimConfig config, Recorder rec, CostDraws draws,
      Consumer<String> faultLog) {
    this.name = name;
    this.vm = vm;
    this.iotlb = iotlb;
    this.devtlb = devtlb;
    this.source = source;
    this.rec = rec;
    this.draws = draws;
    this.nsPerPage = nsPerPage;
    this.iommuMaxLeafLevel = config.iommuMaxLeafLevel();
    this.pageRequests = pri && config.mode().isDevicePageRequests();
    this.exportedRoot = config.mode().isExportedRoot() && vm.shared();
    this.faultLog = faultLog;
    this.groupGfns = new long[priMaxOutstanding];
    this.groupAccess = new int[priMaxOutstanding];
  }

  public long clockNs() {
    return clockNs;
  }

  /** Moves the clock forward to {@code ns} (never back): a page response, or a quiesced device's window. */
  public void advanceClockTo(long ns) {
    clockNs = Math.max(clockNs, ns);
  }

  public boolean isExhausted() {
    return exhausted;
  }

  public boolean isStopped() {
    return stopped;
  }

  /** The device's ATS TLB, or null. */
  public Tlb devtlb() {
    return devtlb;
  }

  /** Requests in the page request group made ready by the last {@link Stop#PAGE_REQUEST}. */
  public int groupSize() {
    return groupSize;
  }

  public long groupGfn(int k) {
    return groupGfns[k];
  }

  public int groupAccess(int k) {
    return groupAccess[k];
  }

  /**
   * Runs DMA pages until {@code budget} are done, the clock reaches {@code windowEndNs}, the pattern ends, the
   * device stops, or a page needs a page request (it is then the next page, retried after the response).
   */
  public Stop run(long windowEndNs, int budget) {
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
        return Stop.PAGE_REQUEST;
      }
      bufPos++;
      budget--;
    }
    if (exhausted) {
      return Stop.EXHAUSTED;
    }
    if (stopped) {
      return Stop.STOPPED;
    }
    return clockNs >= windowEndNs ? Stop.WINDOW_END : Stop.BUDGET;
  }

  /**
   * Retries the page that waited for a page response, at once (a quiesced device completes the transfer in
   * flight); false when it needs another page request group.
   */
  public boolean retryCurrent() {
    if (!dma(buf[bufPos])) {
      return false;
    }
    bufPos++;
    return true;
  }

  /** The response said the page request failed: a DMA fault. */
  public void pageRequestFailed(long gfn) {
    dmaFault("page request failed for gfn 0x" + Long.toHexString(gfn));
  }

  /** DMA to one page; false when a page request group is ready. */
  boolean dma(long packed) {
    long gfn = Access.toGfn(packed);
    boolean write = Access.isWrite(packed);
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
        long seq = iotlb.invalidationSeq(vm.index());
        int access = write ? AccessKind.WRITE.mask() : AccessKind.READ.mask();
        long r = exportedRoot ? translateWithoutAccessedDirty(gfn, access)
            : vm.iommuTable().translateIommu(gfn, access, iommuMaxLeafLevel);
        if (r == Walk.MMIO && write && vm.shared() && !exportedRoot) {
          // KVM's MMIO SPTE is W|X with R=0: VT-d reads it as a writable, present entry and the write goes to
          // whatever frame its address bits name. The DMA "succeeds": the counted harm of the format hazard.
          rec.inc(Counter.FORMAT_HAZARD_DMAS);
          rec.inc(Counter.DMA_TRANSLATIONS);
          clockNs += Math.max(nsPerPage, cost);
          return true;
        }
        if (Walk.isFault(r)) {
          clockNs += cost;
          return translationFault(gfn, access, r);
        }
        pfn = Walk.toPfn(r);
        checkLive(gfn, pfn, "IOMMU walk");
        iotlb.insert(vm.index(), gfn, Walk.toLevel(r), pfn, write, seq);
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
    clockNs += Math.max(nsPerPage, cost);
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
      collectPageRequestGroup(gfn, access);
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
    if (Walk.toLevel(r) > iommuMaxLeafLevel) {
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
   * group's one response, then retries from the first. Allocates nothing.
   */
  private void collectPageRequestGroup(long gfn, int access) {
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
    groupSize = n;
    rec.add(Counter.DEVICE_PAGE_REQUESTS, n);
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
    if (faultLog != null) {
      faultLog.accept(what);
    }
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
          name, path, gfn, pfn, clockNs);
      rec.violation(what);
      vm.violations().report(what);
      if (devtlb != null) {
        devtlb.flushRange(gfn, gfn + 1);
      }
    }
  }
}
