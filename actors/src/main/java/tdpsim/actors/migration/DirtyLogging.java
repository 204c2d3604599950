package tdpsim.actors.migration;

import java.util.ArrayList;
import java.util.List;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.table.CollapseResult;
import tdpsim.actors.table.DeferredFree;
import tdpsim.actors.table.EagerSplit;
import tdpsim.actors.table.PageLevel;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.Walk;
import tdpsim.actors.table.ZapResult;
import tdpsim.actors.wiring.DirtyLogPolicy;

/**
 * KVM's dirty-logging transitions of a range on the TDP table (kvm_mmu_slot_apply_flags), as plain code.
 *
 * <p>Enable is no zap: huge leaves are split in place (eager split, no flush: the translation is the same),
 * then with PML the D bits of 4 KiB leaves are cleared and huge leaves write-protected, without PML every leaf
 * is write-protected; {@code initially-set} does nothing. Disable either rebuilds huge leaves in place
 * (recover-in-place, 6.13+) or zaps the small leaves so that faults rebuild them (zap_collapsible_sptes).
 */
public final class DirtyLogging {
  /** What one transition did; reused by its caller. */
  public static final class Outcome {
    /** Huge leaves split in place at enable. */
    public long splits;
    /** Leaves whose D bit was cleared or whose W bit was removed: a flush is needed if positive. */
    public long leavesChanged;
    /** Write-protection a device that cannot fault forbade (shared-prepopulated). */
    public boolean writeProtectAvoided;
    /** Huge leaves rebuilt in place at disable. */
    public long recovered;
    /** Leaves zapped at disable (zap-collapsible), and the 4 KiB pages they mapped. */
    public long leavesZapped;
    public long pagesZapped;
    public int tablePagesUnlinked;
    /** First and end gfn of what changed under a walker ({@code lo >= hi}: nothing). */
    public long lo;
    public long hi;
    /** Table pages to free once every walker has flushed. */
    public final List<DeferredFree> deferred = new ArrayList<>();

    public void reset() {
      splits = 0;
      leavesChanged = 0;
      writeProtectAvoided = false;
      recovered = 0;
      leavesZapped = 0;
      pagesZapped = 0;
      tablePagesUnlinked = 0;
      lo = Long.MAX_VALUE;
      hi = Long.MIN_VALUE;
      deferred.clear();
    }

    public boolean flushNeeded() {
      return lo < hi;
    }

    void changed(long start, long end) {
      lo = Math.min(lo, start);
      hi = Math.max(hi, end);
    }
  }

  private DirtyLogging() {}

  /**
   * Dirty logging starts on {@code [start, end)}.
   *
   * @param mayWriteProtect false where a device walks the table and cannot fault (shared-prepopulated): the
   *     design then tracks with D bits only, and the protection it skipped is reported
   */
  public static void enable(SharedPageTable t, long start, long end, DirtyLogPolicy p, boolean mayWriteProtect,
      Outcome out) {
    out.reset();
    if (p.initiallySet()) {
      return;
    }
    if (p.eagerSplit()) {
      out.splits = EagerSplit.trySplitHugePages(t, start, end);
    }
    if (p.pml() || !mayWriteProtect) {
      long[] scratch = new long[(int) ((end - start + 63) >>> 6)];
      long before = t.harvestDirty(start, end, scratch, true);
      if (before > 0) {
        out.leavesChanged += before;
        out.changed(start, end);
      }
      boolean hugeLeft = protectHuge(t, start, end, mayWriteProtect, out);
      out.writeProtectAvoided = hugeLeft && !mayWriteProtect || !p.pml() && !mayWriteProtect;
    } else {
      long n = t.writeProtect(start, end);
      if (n > 0) {
        out.leavesChanged += n;
        out.changed(start, end);
      }
    }
  }

  /** Write-protects every huge leaf in the range (PML's treatment of leaves it cannot log); returns how many. */
  public static long writeProtectHugeLeaves(SharedPageTable t, long start, long end) {
    Outcome out = new Outcome();
    out.reset();
    protectHuge(t, start, end, true, out);
    return out.leavesChanged;
  }

  /** Write-protects the huge leaves left in the range (if allowed); true if any huge leaf is there. */
  private static boolean protectHuge(SharedPageTable t, long start, long end, boolean allowed, Outcome out) {
    boolean any = false;
    long gfn = start;
    while (gfn < end) {
      long r = t.lookup(gfn);
      if (Walk.isFault(r)) {
        gfn++;
        continue;
      }
      int level = Walk.toLevel(r);
      long span = PageLevel.pages4k(level);
      long base = gfn & -span;
      if (level >= 2) {
        any = true;
        if (allowed && t.writeProtect(base, base + span) > 0) {
          out.leavesChanged++;
          out.changed(base, base + span);
        }
      }
      gfn = base + span;
    }
    return any;
  }

  /**
   * Dirty logging stops on {@code [start, end)}: where the memslot and the host backing allow a huge leaf and
   * the table holds a full table of small leaves, rebuild the huge leaf in place ({@code recover}) or zap the
   * small leaves so that the next fault maps a huge one.
   */
  public static void disable(SharedPageTable t, GuestLayout layout, HostFrames frames, long start, long end,
      boolean recover, Outcome out) {
    out.reset();
    for (int level = 2; level <= t.maxLeafLevel(); level++) {
      long span = PageLevel.pages4k(level);
      for (long base = (start + span - 1) & -span; base + span <= end; base += span) {
        if (layout.maxMappingLevel(base, level) < level || !frames.isContiguous(base, span)) {
          continue;
        }
        long r = t.lookup(base);
        if (Walk.isFault(r) || Walk.toLevel(r) >= level) {
          continue;
        }
        if (recover) {
          int perms = Spte.perms(t.leafSpte(base));
          CollapseResult c = t.collapse(base, level, -1, perms == 0 ? Spte.ACC_ALL : perms);
          if (c.collapsed()) {
            out.recovered++;
            out.tablePagesUnlinked += c.tablePagesUnlinked();
            out.deferred.add(c.deferredFree());
            out.changed(base, base + span);
          }
        } else {
          ZapResult z = t.zap(base, base + span);
          out.leavesZapped += z.totalLeafsZapped();
          out.pagesZapped += z.pages4kUnmapped();
          out.tablePagesUnlinked += z.tablePagesUnlinked();
          out.deferred.add(z.deferredFree());
          if (z.flushNeeded()) {
            out.changed(z.flushStartGfn(), z.flushEndGfn());
          }
        }
      }
    }
  }
}
