package tdpsim.main;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.loadgen.scenario.ScenarioException;
import tdpsim.loadgen.scenario.ScenarioLoader;
import tdpsim.main.engine.ModeRunner;
import tdpsim.main.engine.ReportAssembler;
import tdpsim.main.progress.Progress;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.ReportFormat;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.report.RunReport;
import tdpsim.main.report.SimulatorReport;
import tdpsim.main.report.TableReporter;
import tdpsim.protocol.Mode;

/**
 * {@code tdpsim run [SCENARIO.conf]}: runs a scenario (the built-in default without a file) in each selected
 * design, prints the comparison table and writes report.json, report.csv, report.txt, charts and report.html.
 * A run interrupted or stopped early still writes its report, marked incomplete.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a scenario in each design and write the comparison reports.")
public final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO.conf",
      description = "scenario file (HOCON); the built-in default scenario when omitted")
  Path scenarioFile;

  @Option(names = "--modes", split = ",", paramLabel = "MODE",
      description = "designs to run, comma separated (default: the scenario's): ${COMPLETION-CANDIDATES}")
  List<String> modes;

  @Option(names = "--seed", description = "override the scenario's seed")
  Long seed;

  @Option(names = "--deterministic", description = "one thread, fixed event order: equal seeds, equal reports")
  boolean deterministic;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default tdpsim-out/<timestamp>)")
  Path out;

  @Option(names = "--quiet", description = "no progress and no table on the terminal")
  boolean quiet;

  @Override
  public Integer call() {
    Scenario scenario;
    Config config;
    try {
      Map<String, Object> overrides = new LinkedHashMap<>();
      if (seed != null) {
        overrides.put("tdpsim.scenario.seed", seed);
      }
      if (scenarioFile == null) {
        scenario = ScenarioLoader.builtinDefault();
        config = ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.defaultReference()).resolve();
        if (seed != null) {
          scenario = ScenarioLoader.fromConfig(config, scenario.origin());
        }
      } else {
        if (!Files.isReadable(scenarioFile)) {
          throw new UserException(scenarioFile + ": cannot read the scenario file (missing or not readable)");
        }
        scenario = ScenarioLoader.load(scenarioFile, overrides);
        config = ConfigFactory.parseMap(overrides)
            .withFallback(ConfigFactory.parseFile(scenarioFile.toFile()))
            .withFallback(ConfigFactory.defaultReference()).resolve();
      }
    } catch (ScenarioException e) {
      throw new UserException(e.getMessage());
    }
    final Scenario loaded = scenario;
    String origin = scenarioFile == null ? scenario.origin() : scenarioFile.toString();
    List<Mode> selected = selectModes(scenario);
    RunSettings settings = RunSettings.from(config, origin, deterministic || scenario.deterministic());
    Path dir = out != null ? out : ReportWriter.defaultOutDir(Clock.systemDefaultZone());

    Map<String, ModeReport> reports = new LinkedHashMap<>();
    long[] totals = new long[2];
    double[] wall = {0};
    long[] heap = {0};
    String[] incomplete = {null};
    Thread hook = new Thread(() -> {
      // Ctrl-C: keep what finished so far, marked incomplete; the rename makes each file all-or-nothing.
      writeQuietly(dir, build(loaded, origin, settings, reports, false, "interrupted", totals, wall, heap));
    }, "tdpsim-partial-report");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintStream err = System.err;
    try (Progress progress = Progress.create(quiet, Progress.isTerminal())) {
      progress.start("designs", selected.size());
      int done = 0;
      for (Mode mode : selected) {
        MachineSpec spec = ScenarioMapper.toMachine(scenario, mode, settings);
        ModeRunner.Outcome o = ModeRunner.run(spec, settings.deterministic());
        long events = ReportAssembler.events(o.finished());
        totals[0] += events;
        wall[0] += o.wallSeconds();
        heap[0] = Math.max(heap[0], o.heapBytes());
        reports.put(mode.configName(), ReportAssembler.toModeReport(mode.configName(), o.finished(),
            ScenarioMapper.sharingRefusedReason(scenario, mode)));
        progress.step(++done, totals[0], o.finished().virtualNs());
        if (!o.finished().complete()) {
          incomplete[0] = mode.configName() + ": " + o.finished().stopReason();
          break;
        }
      }
    }
    RunReport report = build(scenario, origin, settings, reports, incomplete[0] == null, incomplete[0], totals,
        wall, heap);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook writes the report.
    }
    try {
      ReportWriter.writeAll(dir, report, EnumSet.allOf(ReportFormat.class));
    } catch (IOException e) {
      err.println("tdpsim: could not write the report to " + dir + ": " + e.getMessage());
      return Main.EXIT_INCOMPLETE;
    }
    if (!quiet) {
      System.out.print(new TableReporter().render(report));
      System.out.println();
      System.out.println("Reports written to " + dir.toAbsolutePath());
    }
    boolean violations = reports.values().stream().anyMatch(r -> !r.invariantViolations().isEmpty());
    if (incomplete[0] != null) {
      err.println("tdpsim: run incomplete: " + incomplete[0]);
      return Main.EXIT_INCOMPLETE;
    }
    if (violations) {
      err.println("tdpsim: invariant violations found; see invariantViolations in report.json");
      return Main.EXIT_INCOMPLETE;
    }
    return 0;
  }

  private List<Mode> selectModes(Scenario scenario) {
    if (modes == null || modes.isEmpty()) {
      return scenario.modes();
    }
    List<Mode> out = new ArrayList<>();
    for (String name : modes) {
      Mode m = Mode.ofConfigName(name.trim()).orElseThrow(() -> new UserException(
          "--modes: unknown mode '" + name.trim() + "'; valid modes: " + Mode.validNames()));
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    ScenarioMapper.checkModes(scenario, out);
    return out;
  }

  private static RunReport build(Scenario scenario, String origin, RunSettings settings,
      Map<String, ModeReport> reports, boolean complete, String reason, long[] totals, double[] wall, long[] heap) {
    double seconds = wall[0];
    SimulatorReport sim = new SimulatorReport(totals[0], seconds, seconds > 0 ? totals[0] / seconds : 0, heap[0],
        totals[1]);
    return new RunReport(scenario.name(), origin, scenario.seed(), settings.deterministic(), complete,
        complete ? null : reason, new LinkedHashMap<>(reports), sim);
  }

  private static void writeQuietly(Path dir, RunReport report) {
    try {
      ReportWriter.writeAll(dir, report, EnumSet.of(ReportFormat.JSON, ReportFormat.CSV, ReportFormat.TABLE));
      System.err.println("tdpsim: interrupted; partial report (complete: false) written to " + dir);
    } catch (IOException | RuntimeException e) {
      System.err.println("tdpsim: interrupted; could not write the partial report: " + e.getMessage());
    }
  }

}
