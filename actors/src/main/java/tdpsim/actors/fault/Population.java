package tdpsim.actors.fault;

import tdpsim.actors.cost.CostModel;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.table.MapResult;
import tdpsim.actors.table.PageLevel;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;

/**
 * Populating a whole table before the guest runs: VFIO's pin-and-map of all guest memory into the IOMMU's own
 * table ({@code separate}), and the pre-fault of the shared table ({@code shared-prepopulated}). Both map every
 * memslot with the largest leaves the backing and the table allow.
 */
public final class Population {
  private Population() {}

  /** Virtual time and page counts of a population. */
  public record Populated(long pages4k, long leafs, long costNs) {}

  /**
   * Map every page of every memslot into {@code table}; {@code perPageNs} is charged per 4 KiB page (pin + map,
   * or pre-fault), plus host allocation and zeroing of pages not resident yet.
   */
  public static Populated mapAll(SharedPageTable table, GuestLayout layout, HostFrames frames, CostModel costs,
      long perPageNs) {
    return mapRange(table, layout, frames, costs, perPageNs, 0, Long.MAX_VALUE);
  }

  /** {@link #mapAll} restricted to the memslot pages inside {@code [startGfn, endGfn)}. */
  public static Populated mapRange(SharedPageTable table, GuestLayout layout, HostFrames frames,
      CostModel costs, long perPageNs, long startGfn, long endGfn) {
    long pages = 0;
    long leafs = 0;
    long cost = 0;
    int perms = Spte.ACC_READ | Spte.ACC_WRITE | Spte.ACC_EXEC;
    for (int s = 0; s < layout.slotCount(); s++) {
      GuestLayout.Memslot slot = layout.slot(s);
      long gfn = Math.max(slot.startGfn(), startGfn);
      long end = Math.min(slot.endGfn(), endGfn);
      while (gfn < end) {
        int level = layout.maxMappingLevel(gfn, table.maxLeafLevel());
        long size = PageLevel.pages4k(level);
        while (level > 1 && ((gfn & (size - 1)) != 0 || gfn + size > end)) {
          level--;
          size = PageLevel.pages4k(level);
        }
        long allocated = frames.faultIn(gfn, size);
        if (allocated > 0) {
          cost += level == 1 ? costs.pageAlloc4kNs() * allocated : costs.pageAllocNs(level);
        }
        int r = table.map(gfn, level, frames.pfnOf(gfn), perms);
        if (r != MapResult.INSTALLED && r != MapResult.ALREADY_PRESENT && r != MapResult.UPGRADED) {
          throw new IllegalStateException("population failed at gfn " + gfn + ": map result " + r);
        }
        cost += perPageNs * size;
        pages += size;
        leafs++;
        gfn += size;
      }
    }
    return new Populated(pages, leafs, cost);
  }
}
