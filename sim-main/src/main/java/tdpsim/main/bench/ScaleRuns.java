package tdpsim.main.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tdpsim.actors.machine.MachineBuild;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.wiring.VmContext;
import tdpsim.main.ScenarioMapper;
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
   * code, then reports heap in use after a full collection against the bytes of the tables themselves.
   */
  public static BenchReport memory(Path scenario, Mode mode, PrintStream log) {
    BenchReport r = new BenchReport();
    LoadedScenario s = LoadedScenario.load(scenario, Map.of(), false);
    MachineSpec spec = ScenarioMapper.toMachine(s.scenario(), mode, s.settings());
    long max = Runtime.getRuntime().maxMemory();
    r.context("scenario", scenario.toString());
    r.context("mode", mode.configName());
    r.context("maxHeapMiB", Long.toString(max >> 20));
    r.context("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    long guestBytes = 0;
    for (MachineSpec.Vm vm : spec.vms()) {
      for (var slot : vm.memslots()) {
        guestBytes += (slot.endGfn() - slot.startGfn()) << 12;
      }
    }
    log.println("bench: mapping " + (guestBytes >> 30) + " GiB of guest memory in " + spec.vms().size() + " VMs");
    GcMeter gc = GcMeter.start();
    long start = WallClock.nowNanos();
    MachineBuild build = MachineBuild.build(spec);
    double wall = (WallClock.nowNanos() - start) / 1e9;
    long tablePages = 0;
    long pages4k = 0;
    for (VmContext vm : build.vms()) {
      for (long n : vm.tdp().pagesByLevel()) {
        tablePages += n;
      }
      if (vm.iommuTable() != null && vm.iommuTable() != vm.tdp()) {
        for (long n : vm.iommuTable().pagesByLevel()) {
          tablePages += n;
        }
      }
      pages4k += vm.layout().totalPages();
    }
    System.gc();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long tableBytes = tablePages * 4096;
    r.add("scale: guest memory", new Measurement("build " + (guestBytes >> 30) + " GiB, " + mode.configName(), 1,
        spec.vms().size(), pages4k, 0, 0, 0, 0, wall, used, gc.elapsedMillis(), true));
    r.context("tablePages", Long.toString(tablePages));
    r.context("tableBytes", Long.toString(tableBytes));
    r.context("heapUsedAfterGcBytes", Long.toString(used));
    r.target("real tables' bytes / heap in use (4 TiB at 4 KiB)", (double) tableBytes / used, 1 / 1.1, "x",
        String.format(java.util.Locale.ROOT, "heap %.2f GiB, tables %.2f GiB, max heap %.2f GiB", used / 1073741824.0,
            tableBytes / 1073741824.0, max / 1073741824.0));
    // keep the machine reachable until measured
    if (build.vms().isEmpty()) {
      log.println("bench: no VMs");
    }
    return r;
  }
}
