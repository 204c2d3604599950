package tdpsim.actors.fault;

import tdpsim.actors.cost.CostKey;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.memory.GfnRange;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.memory.MmuLockGate;
import tdpsim.actors.dirty.DirtyBitmap;
import tdpsim.actors.queue.SharedBandwidth;
import tdpsim.actors.table.MapGuard;
import tdpsim.actors.table.MapResult;
import tdpsim.actors.table.PageLevel;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.Walk;

/**
 * The one fault path of a table (claim 3 of the talk): resolves a missing or insufficient entry for a vCPU
 * fault (EPT violation) or a device I/O page fault the same way. It finds the memslot and the largest mapping
 * level the memslot, the host backing and the table allow, faults the host pages in, and installs the leaf with
 * compare-and-swap under a shared stripe, as KVM's TDP MMU does under mmu_lock held for read. The install is
 * refused if an invalidation of the range began or ended meanwhile ({@link InvalidationTracker}), and the fault
 * is retried.
 *
 * <p>Thread-safe: vCPU threads call it concurrently (faults run in vCPU context, in parallel); so does the TDP
 * MMU for device faults. In {@code separate-iopf} the IOMMU driver has its own instance on its own table.
 */
public final class TdpFaultHandler {
  private final SharedPageTable table;
  private final GuestLayout layout;
  private final HostFrames frames;
  private final InvalidationTracker tracker;
  /** The VM's mmu_lock in virtual time: faults read-hold it, zaps and harvests write-hold it. */
  private final MmuLockGate mmuLock = new MmuLockGate();
  private final CostModel costs;
  /** The tracker's check as a map guard, made once: a method reference per fault would allocate per fault. */
  private final MapGuard installGuard;
  private volatile boolean smallPagesOnly;
  /**
   * The VM's emulated-MMIO ranges, where a fault outside the memslots installs KVM's MMIO SPTE, unless
   * {@link #cacheMmio} is off (the 2023 RFC keeps MMIO SPTEs out of the exported root). Set at build.
   */
  private volatile GfnRange[] mmio = new GfnRange[0];
  private volatile boolean cacheMmio = true;
  private volatile DirtyBitmap dirtyLog;
  private volatile SharedBandwidth zeroing;

  public TdpFaultHandler(SharedPageTable table, GuestLayout layout, HostFrames frames, InvalidationTracker tracker,
      CostModel costs) {
    this.table = table;
    this.layout = layout;
    this.frames = frames;
    this.tracker = tracker;
    this.costs = costs;
    this.installGuard = tracker::mayInstall;
  }

  public SharedPageTable table() {
    return table;
  }

  public InvalidationTracker tracker() {
    return tracker;
  }

  /** The host's memory zeroing bandwidth, shared with every other fault path of the machine (null: unlimited). */
  public void setZeroing(SharedBandwidth zeroing) {
    this.zeroing = zeroing;
  }

  /** The VM's {@code mmu_lock} in virtual time (one per fault path, i.e. per VM's TDP table). */
  public MmuLockGate mmuLock() {
    return mmuLock;
  }

  /**
   * Emulated-MMIO ranges of the VM and whether a fault there installs an MMIO SPTE (KVM's MMIO caching); the
   * RFC's exported root holds none, so every guest access there exits as an EPT violation.
   */
  public void setMmio(java.util.List<GfnRange> ranges, boolean cache) {
    this.mmio = ranges.toArray(new GfnRange[0]);
    this.cacheMmio = cache;
  }

  /** True when {@code gfn} lies in one of the VM's emulated-MMIO ranges. */
  public boolean isMmio(long gfn) {
    for (GfnRange r : mmio) {
      if (r.contains(gfn)) {
        return true;
      }
    }
    return false;
  }

  /** Map only 4 KiB leaves from now on (dirty logging with eager or lazy splitting). */
  public void setSmallPagesOnly(boolean small) {
    this.smallPagesOnly = small;
  }

  /**
   * Dirty logging: every fault resolved from now on marks its leaf's pages in {@code log}, a read fault's too
   * (KVM's make_spte calls mark_page_dirty_in_slot for every writable SPTE it installs on a logged slot, and a
   * read fault gets a writable SPTE when the host page is writable: hva_to_pfn_fast pins it writable for a read
   * fault that allows it); a write fault on a huge leaf splits it first when small pages are on. Null stops it.
   */
  public void setDirtyLog(DirtyBitmap log) {
    this.dirtyLog = log;
  }

  /**
   * A memslot's flags are about to change (dirty logging on: small pages only, the dirty log, then a
   * write-protection or D-bit pass). KVM publishes the new memslot and waits for the faults in flight against the
   * old one (synchronize_srcu in kvm_swap_active_memslots) before kvm_mmu_slot_apply_flags changes the table.
   * Here the caller has begun an invalidation of the range in {@link #tracker()}; this waits for the installs in
   * flight on it. So a fault that read the old flags either installed before the caller's pass, which then
   * protects or cleans its leaf, or has its install refused and retries with the new flags. Without it a fault
   * racing the change could leave a leaf mapped writable and unlogged after the pass: a lost write.
   */
  public void synchronizeFaults(long startGfn, long endGfn) {
    table.waitForMaps(startGfn, endGfn);
  }

  /** Resolve a fault on {@code gfn} needing {@code access} ({@code Spte.ACC_*}); the result goes to {@code out}. */
  public void handle(long gfn, int access, FaultResult out) {
    out.reset();
    // The sequence first, then the slot's flags (small pages only, the dirty log): a flags change that this fault
    // straddles runs inside an invalidation of the range, so the install below is refused and the fault retries.
    long seq = tracker.seq();
    int level = layout.maxMappingLevel(gfn, smallPagesOnly ? 1 : table.maxLeafLevel());
    if (level == 0) {
      resolveNoMemslot(gfn, out);
      return;
    }
    if (tracker.isInProgress(gfn)) {
      out.outcome = FaultResult.Outcome.RETRY;
      out.costNs = draw(out, CostKey.TDP_FAULT);
      return;
    }
    while (level > 1 && !frames.isContiguous(base(gfn, level), pages(level))) {
      level--;
    }
    long cost = draw(out, CostKey.TDP_FAULT);
    DirtyBitmap log = dirtyLog;
    boolean write = (access & Spte.ACC_WRITE) != 0;
    if (log != null && write && smallPagesOnly) {
      cost += splitOnFirstWrite(gfn, out);
    }
    out.costNs = mapFromLevel(gfn, level, log, seq, cost, out);
  }

  /** A fault outside every memslot: emulated, and its MMIO gfn cached in an MMIO SPTE when that is on. */
  private void resolveNoMemslot(long gfn, FaultResult out) {
    out.outcome = FaultResult.Outcome.NO_MEMSLOT;
    out.costNs = draw(out, CostKey.TDP_FAULT);
    if (cacheMmio && mmio.length > 0 && isMmio(gfn) && gfn < table.settings().gfnLimit()) {
      // KVM caches the emulated-MMIO gfn in an MMIO SPTE: the next access exits as an EPT misconfig.
      out.mmioSpteInstalled = table.mapMmio(gfn) == MapResult.INSTALLED;
    }
  }

  /**
   * Split on first write: the huge leaf becomes 512 write-protected small leaves in one step, and only the page
   * written is made writable (and logged) by the map that follows. Returns the splits' cost.
   */
  private long splitOnFirstWrite(long gfn, FaultResult out) {
    long cost = 0;
    long r = table.lookup(gfn);
    while (!Walk.isFault(r) && Walk.toLevel(r) >= 2) {
      if (!table.splitHugePage(gfn, Walk.toLevel(r)).split()) {
        break;
      }
      out.splits++;
      cost += draw(out, CostKey.SPLIT);
      r = table.lookup(gfn);
    }
    return cost;
  }

  /**
   * Maps {@code gfn} at {@code level}, one level smaller after each conflict, and sets the outcome in {@code out};
   * returns {@code costNs} (the fault's cost so far) plus the allocations'.
   */
  private long mapFromLevel(long gfn, int level, DirtyBitmap log, long seq, long costNs, FaultResult out) {
    long cost = costNs;
    while (true) {
      long allocated = frames.faultIn(base(gfn, level), pages(level));
      if (allocated > 0) {
        cost += allocNs(out, level, allocated, cost);
      }
      out.allocatedPages += allocated;
      long pfn = frames.pfnOf(gfn);
      // Host pages are writable here, so every leaf is installed writable, a read fault's too (as KVM does).
      int perms = Spte.ACC_READ | Spte.ACC_WRITE | Spte.ACC_EXEC;
      MapResult r = table.map(gfn, level, pfn, perms, installGuard, seq);
      if (r.isMapped()) {
        out.outcome = FaultResult.Outcome.RESOLVED;
        out.level = Math.min(level, table.maxLeafLevel());
        out.installed = r != MapResult.ALREADY_PRESENT;
        if (log != null) {
          long leaf = table.lookup(gfn);
          int leafLevel = Walk.isFault(leaf) ? out.level : Walk.toLevel(leaf);
          log.setRange(base(gfn, leafLevel), pages(leafLevel));
        }
        return cost;
      }
      if (r == MapResult.CONFLICT && level > 1) {
        level--;
        continue;
      }
      out.outcome = r == MapResult.CONFLICT ? FaultResult.Outcome.CONFLICT : FaultResult.Outcome.RETRY;
      return cost;
    }
  }

  private static long pages(int level) {
    return PageLevel.pages4k(level);
  }

  private static long base(long gfn, int level) {
    return gfn & ~(pages(level) - 1);
  }

  /** One draw of {@code key} from the caller's stream, or the median when the caller has none. */
  private long draw(FaultResult out, CostKey key) {
    return out.draws != null ? out.draws.ns(key) : costs.detail().of(key).medianNs();
  }

  /**
   * Allocation and zeroing of {@code allocated} 4 KiB frames for a leaf at {@code level}, plus the wait for the
   * host's zeroing bandwidth when it is limited (the fault reaches the allocation {@code soFarNs} after it began).
   */
  private long allocNs(FaultResult out, int level, long allocated, long soFarNs) {
    long ns = level == 1 ? draw(out, CostKey.PAGE_ALLOC_4K) * allocated
        : draw(out, level == 2 ? CostKey.PAGE_ALLOC_2M : CostKey.PAGE_ALLOC_1G);
    SharedBandwidth z = zeroing;
    if (z != null && z.limited()) {
      long wait = z.waitNs(out.nowNs + soFarNs, allocated * 4096L);
      out.zeroQueued = true;
      out.zeroWaitNs += wait;
      ns += wait;
    }
    return ns;
  }
}
