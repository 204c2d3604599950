package tdpsim.main;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.fault.Population;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableSettings;
import tdpsim.loadgen.scenario.HostLimits;
import tdpsim.protocol.PageSize;

/**
 * Claim 1 in isolation: one VM with an assigned device, its memory fully mapped, once with two tables
 * ({@code separate}: TDP after every page was touched, plus VFIO's IOMMU table) and once with the one shared
 * table ({@code shared-prepopulated}); prints the table pages per level, bytes and the ratio. No actors: the
 * real table code, populated the way each design populates it.
 */
@Command(name = "footprint", mixinStandardHelpOptions = true,
    description = "Compare page-table footprints of separate and shared tables for one fully mapped VM.")
public final class FootprintCommand implements Callable<Integer> {
  @Option(names = "--memory", defaultValue = "16GiB", description = "guest memory (default ${DEFAULT-VALUE})")
  String memory;

  @Option(names = "--backing", defaultValue = "4KiB", description = "backing page size: 4KiB, 2MiB or 1GiB")
  String backing;

  @Option(names = "--iommu-max-leaf", defaultValue = "1GiB", description = "largest IOMMU leaf: 4KiB, 2MiB, 1GiB")
  String iommuMaxLeaf;

  @Option(names = "--levels", defaultValue = "4", description = "paging levels: 4 or 5")
  int levels;

  @Override
  public Integer call() {
    long bytes = Sizes.parseBytes("--memory", memory);
    PageSize back = Sizes.parsePageSize("--backing", backing);
    PageSize iommuLeaf = Sizes.parsePageSize("--iommu-max-leaf", iommuMaxLeaf);
    if (levels != 4 && levels != 5) {
      throw new UserException("--levels " + levels + ": must be 4 or 5");
    }
    if (bytes % back.bytes() != 0) {
      throw new UserException("--memory " + memory + ": not a multiple of the backing page size " + backing);
    }
    if (!HostLimits.fits(0, bytes >>> 12)) {
      throw new UserException("--memory " + memory + ": more guest memory than the 40-bit host frame space holds "
          + "for one VM (at most " + Sizes.human(HostLimits.maxVmsEndGpa()) + ")");
    }
    long reach = HostLimits.tableReach(levels);
    if (bytes > reach) {
      throw new UserException("--memory " + memory + ": beyond the " + Sizes.human(reach) + " a " + levels
          + "-level table maps; use --levels 5");
    }
    // Three fully mapped tables (separate TDP and IOMMU, shared): 8 bytes per leaf each, as measured by
    // bench --scale-memory (docs/performance.md), plus the frame index.
    long leafTdp = bytes / back.bytes();
    long leafIommu = bytes / Math.min(back.bytes(), iommuLeaf.bytes());
    long need = (leafTdp + 2 * leafIommu) * 8 + (bytes >>> 21) * 4 + (64L << 20);
    long max = Runtime.getRuntime().maxMemory();
    if (need > max) {
      long gib = (need + (1L << 30) - 1) >>> 30;
      throw new UserException("--memory " + memory + " --backing " + backing + ": the three tables need about "
          + gib + " GiB of heap (this JVM has " + Sizes.human(max) + "); run with -Xmx"
          + (long) Math.ceil(need * 1.25 / (1L << 30)) + "g, a larger --backing or less --memory");
    }
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, bytes >>> 12, back.level())));
    CostModel costs = CostModel.defaults();

    HostFrames frames = new HostFrames(0, layout.endGfn());
    frames.pinAll();
    SharedPageTable tdp = new SharedPageTable(new TableSettings(levels, 3, 64, 9));
    SharedPageTable iommu = new SharedPageTable(new TableSettings(levels, iommuLeaf.level(), 64, 9));
    Population.mapAll(tdp, layout, frames, costs, 0);
    Population.mapAll(iommu, layout, frames, costs, 0);
    SharedPageTable shared = new SharedPageTable(
        new TableSettings(levels, Math.min(3, iommuLeaf.level()), 64, 9));
    Population.mapAll(shared, layout, frames, costs, 0);

    System.out.printf("One VM, %s of guest memory backed by %s pages, IOMMU max leaf %s, %d-level tables%n%n",
        memory, back.label(), iommuLeaf.label(), levels);
    System.out.printf("%-22s %14s %14s %14s%n", "", "separate TDP", "separate IOMMU", "shared");
    for (int l = levels; l >= 1; l--) {
      System.out.printf("%-22s %14d %14d %14d%n", "L" + l + " table pages", tdp.pagesByLevel()[l],
          iommu.pagesByLevel()[l], shared.pagesByLevel()[l]);
    }
    System.out.printf("%-22s %14d %14d %14d%n", "table pages", tdp.pages(), iommu.pages(), shared.pages());
    System.out.printf("%-22s %14s %14s %14s%n", "bytes", Sizes.human(tdp.bytes()), Sizes.human(iommu.bytes()),
        Sizes.human(shared.bytes()));
    long separateBytes = tdp.bytes() + iommu.bytes();
    System.out.printf("%nseparate (both tables): %s; shared: %s; shared/separate = %.3f%n",
        Sizes.human(separateBytes), Sizes.human(shared.bytes()), (double) shared.bytes() / separateBytes);
    return 0;
  }
}
