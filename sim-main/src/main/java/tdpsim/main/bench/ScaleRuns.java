package tdpsim.main.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tdpsim.actors.machine.MachineBuild;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableInvariants;
import tdpsim.actors.wiring.VmContext;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.UserException;
import tdpsim.main.engine.WallClock;
import tdpsim.main.work.LoadedScenario;
import tdpsim.protocol.Mode;

/**
 * The two scale checks of issue 7, each on a scenario under {@code scenarios/bench/}: a million entities run by
 * the actors in the heap the JVM was given, and 4 TiB of guest memory mapped at 4 KiB held in a heap close to
 * the real tables' size.
 */
public final class ScaleRuns {
  private ScaleRuns() {}

  /** Runs the entity-scale scenario through the actors (2 worker threads) and reports heap against -Xmx. */
  public static BenchReport entities(Path scenario, Mode mode, PrintStream log) {
    BenchReport r = new BenchReport();
    LoadedScenario s = LoadedScenario.load(scenario, Map.of(), false);
    ScenarioMapper.checkModes(s.scenario(), List.of(mode));
    MachineSpec spec = ScenarioMapper.toMachine(s.scenario(), mode, s.settings());
    long max = Runtime.getRuntime().maxMemory();
    r.context("scenario", scenario.toString());
    r.context("maxHeapMiB", Long.toString(max >> 20));
    r.context("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    log.println("bench: " + SimulatorRun.entities(spec) + " entities, " + SimulatorRun.actors(spec) + " actors");
    Measurement m = SimulatorRun.run("scale-entities, " + mode.configName(), spec, 2);
    r.add("scale: entities", m);
    r.target("entities run to completion in this heap", m.complete() ? m.entities() : 0, 1_000_000, "",
        "max heap " + (max >> 20) + " MiB (target: 8 GiB = 8192 MiB)");
    return r;
  }

  /**
   * Builds the memory-scale machine (tables, host frames, the start-up population) with the simulator's own
   * code, then reports heap in use after a full collection against the bytes of the tables themselves, and
   * checks that every guest page is mapped by a leaf of the backing's size.
   *
   * @param requested the design to build, or null for the scenario's first design; it must populate its
   *     tables at start ({@code shared-prepopulated}, or {@code separate}'s IOMMU table), else the check would
   *     measure empty tables
   */
  public static BenchReport memory(Path scenario, Mode requested, PrintStream log) {
    if (requested != null) {
      checkPopulatesAtStart(scenario, requested);
    }
    Map<String, Object> overrides = requested == null ? Map.of()
        : Map.of("tdpsim.scenario.modes", List.of(requested.configName()));
    LoadedScenario s = LoadedScenario.load(scenario, overrides, false);
    Mode mode = requested != null ? requested : s.scenario().modes().get(0);
    checkPopulatesAtStart(scenario, mode);
    ScenarioMapper.checkModes(s.scenario(), List.of(mode));
    MachineSpec spec = ScenarioMapper.toMachine(s.scenario(), mode, s.settings());
    long max = Runtime.getRuntime().maxMemory();
    BenchReport r = new BenchReport();
    r.context("scenario", scenario.toString());
    r.context("mode", mode.configName());
    r.context("maxHeapMiB", Long.toString(max >> 20));
    r.context("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    long guestBytes = guestBytes(spec);
    long before = heapUsedAfterGc();
    log.println("bench: heap in use before the build " + (before >> 20) + " MiB; mapping " + (guestBytes >> 30)
        + " GiB of guest memory in " + spec.vms().size() + " VMs (" + mode.configName() + ")");
    GcMeter gc = GcMeter.start();
    long start = WallClock.nowNanos();
    MachineBuild build = MachineBuild.build(spec);
    double wall = (WallClock.nowNanos() - start) / 1e9;
    long buildGcMillis = gc.elapsedMillis();
    long buildGcs = gc.collections();
    log.println(String.format(Locale.ROOT, "bench: built in %.1f s (%d collections, %.1f s GC); measuring", wall,
        buildGcs, buildGcMillis / 1e3));
    long used = heapUsedAfterGc();
    long[] leafs = new long[4];
    long tablePages = addTables(build, leafs);
    long pages4k = 0;
    for (VmContext vm : build.vms()) {
      pages4k += vm.layout().totalPages();
    }
    Reference.reachabilityFence(build);
    long tableBytes = tablePages * 4096;
    long mapped4k = leafs[1] + (leafs[2] << 9) + (leafs[3] << 18);
    r.add("scale: guest memory", new Measurement("build " + (guestBytes >> 30) + " GiB, " + mode.configName(), 1,
        spec.vms().size(), pages4k, 0, 0, 0, 0, wall, used, buildGcMillis, true, 0));
    r.context("buildWallSeconds", String.format(Locale.ROOT, "%.1f", wall));
    r.context("buildGcCollections", Long.toString(buildGcs));
    r.context("buildGcMillis", Long.toString(buildGcMillis));
    r.context("guestPages4k", Long.toString(pages4k));
    r.context("leafsByLevel", "L1 " + leafs[1] + ", L2 " + leafs[2] + ", L3 " + leafs[3]);
    r.context("tablePages", Long.toString(tablePages));
    r.context("tableBytes", Long.toString(tableBytes));
    r.context("heapUsedBeforeBuildBytes", Long.toString(before));
    r.context("heapUsedAfterGcBytes", Long.toString(used));
    r.target("guest pages mapped at start / guest pages", (double) mapped4k / pages4k, 1, "x",
        String.format(Locale.ROOT, "%d leafs at L1, %d at L2, %d at L3", leafs[1], leafs[2], leafs[3]));
    r.target("real tables' bytes / heap in use (4 TiB at 4 KiB)", (double) tableBytes / used, 1 / 1.1, "x",
        String.format(Locale.ROOT, "heap %.3f GiB (%.3fx the tables; %.3f GiB before the build), tables %.3f GiB, "
            + "max heap %.2f GiB", used / GIB, (double) used / tableBytes, before / GIB, tableBytes / GIB, max / GIB));
    return r;
  }

  private static void checkPopulatesAtStart(Path scenario, Mode mode) {
    if (!mode.isPinsGuestMemory()) {
      throw new UserException(scenario + ": the memory-scale check needs a design that maps all guest memory at "
          + "start (shared-prepopulated, separate); " + mode.configName() + " maps pages on demand");
    }
  }

  private static final double GIB = 1024.0 * 1024 * 1024;

  /** Table pages of {@code table}; adds its present leaves per level into {@code leafs}. */
  /** The bytes of guest memory in every memslot of every VM. */
  private static long guestBytes(MachineSpec spec) {
    long guestBytes = 0;
    for (MachineSpec.Vm vm : spec.vms()) {
      for (var slot : vm.memslots()) {
        guestBytes += (slot.endGfn() - slot.startGfn()) << 12;
      }
    }
    return guestBytes;
  }

  /** The table pages of every VM's TDP table and own IOMMU table; their leafs by level are added to {@code leafs}. */
  private static long addTables(MachineBuild build, long[] leafs) {
    long tablePages = 0;
    for (VmContext vm : build.vms()) {
      tablePages += addTable(vm.tdp(), leafs);
      if (vm.iommuTable() != null && vm.iommuTable() != vm.tdp()) {
        tablePages += addTable(vm.iommuTable(), leafs);
      }
    }
    return tablePages;
  }

  private static long addTable(SharedPageTable table, long[] leafs) {
    long[] byLevel = TableInvariants.leafsByLevel(table);
    for (int l = 1; l < leafs.length && l < byLevel.length; l++) {
      leafs[l] += byLevel[l];
    }
    long pages = 0;
    for (long n : table.pagesByLevel()) {
      pages += n;
    }
    return pages;
  }

  /** Heap in use right after a full collection (System.gc() is a full, compacting collection in G1 and Parallel). */
  private static long heapUsedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
