package tdpsim.main;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.main.cluster.ClusterRun;
import tdpsim.main.progress.Progress;
import tdpsim.main.engine.ReplicationSeeds;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.OutDir;
import tdpsim.main.report.Replications;
import tdpsim.main.report.ReportFormat;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.report.RunReport;
import tdpsim.main.report.SimulatorReport;
import tdpsim.main.report.TableReporter;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkRunner;
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

  @Option(names = "--cluster", paramLabel = "HOST:PORT",
      description = "run the designs on the cluster members reachable through this seed node (docs/cluster.md)")
  String cluster;

  @Option(names = "--force", description = "replace a non-empty --out directory (its old files are removed)")
  boolean force;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
      description = "replications: every design runs N times, replication r with the same seed in each design; "
          + "report.json gets means, 95%% intervals and paired differences (default 1)")
  int repeat = 1;

  @picocli.CommandLine.Mixin
  TraceOptions trace = new TraceOptions();

  @Override
  public Integer call() {
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (seed != null) {
      overrides.put("tdpsim.scenario.seed", seed);
    }
    if (repeat < 1) {
      throw new UserException("--repeat " + repeat + ": expected a number of replications >= 1");
    }
    LoadedScenario loaded = LoadedScenario.load(scenarioFile, overrides, deterministic);
    Scenario scenario = loaded.scenario();
    List<Mode> selected = selectModes(scenario);
    if (cluster == null) {
      HeapEstimate.check(loaded.origin(), scenario, selected, Runtime.getRuntime().maxMemory());
    }
    // After the scenario (whose mistakes come first), before anything runs.
    if (out != null) {
      OutDir.problem(out, force).ifPresent(p -> {
        throw new UserException(p);
      });
    }
    for (String warning : scenario.warnings()) {
      System.err.println("tdpsim: warning: " + loaded.origin() + ": " + warning);
    }
    Path dir = out != null ? out : ReportWriter.defaultOutDir(Clock.systemDefaultZone());
    List<Long> seeds = ReplicationSeeds.of(scenario.seed(), repeat);
    if (cluster != null && repeat > 1) {
      throw new UserException("--repeat with --cluster is not supported yet; run the replications locally");
    }
    if (cluster != null) {
      return ClusterRun.run(loaded, selected, deterministic, dir, quiet, cluster);
    }

    tdpsim.main.trace.TraceWriter tracer = trace.open(deterministic);
    Map<String, ModeReport> reports = new LinkedHashMap<>();
    List<Map<String, ModeReport>> runs = new ArrayList<>();
    Totals totals = new Totals();
    Interrupt interrupt = new Interrupt();
    Thread hook = new Thread(() -> interrupt.onSignal(() -> {
      // The main thread did not get to write the report in time: write what finished, marked incomplete.
      writeQuietly(dir, force, build(loaded, reports, false, "interrupted", totals)
          .with(null, BuildInfo.provenance(loaded, seeds)));
    }), "tdpsim-partial-report");
    Runtime.getRuntime().addShutdownHook(hook);
    ChartReporter.warmUp();
    String incomplete = null;
    long durationNs = scenario.run().durationNs();
    try (Progress progress = Progress.create(quiet, Progress.isTerminal())) {
      // Progress in virtual time over all designs: a long design moves the bar too, not only its end.
      progress.start("simulated ns (" + selected.size() + " designs" + (repeat > 1 ? " x " + repeat : "") + ")",
          durationNs * selected.size() * repeat);
      int done = 0;
      replications:
      for (int rep = 0; rep < repeat; rep++) {
        // Replication r: every design with the same seed (common random numbers); the first is the plain run.
        LoadedScenario repLoaded = rep == 0 ? loaded : LoadedScenario.load(scenarioFile,
            withSeed(overrides, seeds.get(rep)), deterministic);
        Map<String, ModeReport> repReports = rep == 0 ? reports : new LinkedHashMap<>();
        for (Mode mode : selected) {
          // The trace follows the first replication (the plain run) only.
          RunProgress machine = new RunProgress().tracing(rep == 0 ? tracer : null);
          if (!interrupt.running(machine)) {
            // Ctrl-C: the design that was running says so already; between designs, say where it stopped.
            if (incomplete == null || !incomplete.endsWith("interrupted")) {
              incomplete = (incomplete == null ? "" : incomplete + "; ") + "interrupted before "
                  + mode.configName();
            }
            break replications;
          }
          if (tracer != null && rep == 0) {
            tracer.mode(mode.configName());
          }
          long base = durationNs * done;
          long events = totals.events;
          ScheduledExecutorService poller = quiet ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tdpsim-progress");
            t.setDaemon(true);
            return t;
          });
          if (poller != null) {
            poller.scheduleAtFixedRate(() -> progress.step(base + machine.virtualNs(), events,
                base + machine.virtualNs()), 500, 500, TimeUnit.MILLISECONDS);
          }
          ModeResult r;
          try {
            r = WorkRunner.run(repLoaded, mode, machine);
          } finally {
            if (poller != null) {
              poller.shutdownNow();
            }
          }
          totals.add(r);
          repReports.put(mode.configName(), r.report());
          done++;
          progress.step(durationNs * done, totals.events, durationNs * done);
          if (!r.complete()) {
            // A design that stopped early (e.g. at its first invariant violation) stops only itself: the others
            // still run, and its report carries stoppedEarly.
            String why = mode.configName() + (repeat > 1 ? " (replication " + (rep + 1) + ")" : "") + ": "
                + r.stopReason();
            incomplete = incomplete == null ? why : incomplete + "; " + why;
          }
        }
        runs.add(repReports);
      }
    }
    trace.close(tracer, quiet);
    RunReport report = build(loaded, reports, incomplete == null, incomplete, totals)
        .with(repeat > 1 && !runs.isEmpty() ? Replications.of(runs, seeds.subList(0, runs.size())) : null,
            BuildInfo.provenance(loaded, seeds));
    int code = finish(dir, report, incomplete, reports);
    if (interrupt.finished()) {
      return Main.EXIT_INCOMPLETE;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down.
    }
    return code;
  }

  /** Writes the report set, prints the table (even when the set could not be written) and picks the exit code. */
  private int finish(Path dir, RunReport report, String incomplete, Map<String, ModeReport> reports) {
    int code = 0;
    try {
      OutDir.writeSet(dir, force, d -> ReportWriter.writeAll(d, report, EnumSet.allOf(ReportFormat.class)));
    } catch (IOException | RuntimeException e) {
      System.err.println("tdpsim: could not write the report to " + dir + ": " + e.getMessage()
          + "; nothing was written there");
      code = Main.EXIT_INCOMPLETE;
    }
    if (!quiet) {
      System.out.print(new TableReporter().render(report));
      System.out.println();
      if (code == 0) {
        System.out.println("Reports written to " + dir.toAbsolutePath());
      }
    }
    reports.values().stream().filter(m -> Boolean.FALSE.equals(m.extra().get("workComplete")))
        .forEach(m -> System.err.println("tdpsim: warning: " + m.mode() + " reached run.duration before its work "
            + "was done (workComplete: false)"));
    if (incomplete != null) {
      System.err.println("tdpsim: run incomplete: " + incomplete);
      return Main.EXIT_INCOMPLETE;
    }
    if (reports.values().stream().anyMatch(r -> !r.invariantViolations().isEmpty())) {
      System.err.println("tdpsim: invariant violations found; see invariantViolations in report.json");
      return Main.EXIT_INCOMPLETE;
    }
    return code;
  }

  /**
   * Ctrl-C (SIGINT, SIGTERM) between the shutdown hook and the main thread: the hook asks the running design to
   * stop at its next window edge and waits for the main thread to write the report (the running design's
   * partial figures included); then it ends the JVM with exit code 1, as for any incomplete run, instead of the
   * 130 the JVM would give. If the main thread does not finish in time the hook writes what finished.
   */
  static final class Interrupt {
    private static final long WAIT_SECONDS = 60;
    private final java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
    private RunProgress current;
    private boolean signalled;

    /** The main thread starts a design; false when a signal came first. */
    synchronized boolean running(RunProgress machine) {
      current = machine;
      if (signalled) {
        machine.requestStop("interrupted");
      }
      return !signalled;
    }

    /** The main thread wrote the report; true when it was interrupted (the hook then ends the JVM). */
    boolean finished() {
      written.countDown();
      synchronized (this) {
        return signalled;
      }
    }

    void onSignal(Runnable fallback) {
      synchronized (this) {
        signalled = true;
        if (current != null) {
          current.requestStop("interrupted");
        }
      }
      boolean done;
      try {
        done = written.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        done = false;
      }
      if (!done) {
        fallback.run();
      }
      System.err.flush();
      System.out.flush();
      Runtime.getRuntime().halt(Main.EXIT_INCOMPLETE);
    }
  }

  /** The simulator's own figures summed over the designs run. */
  static final class Totals {
    long events;
    long messages;
    double wallSeconds;
    long heapBytes;

    void add(ModeResult r) {
      events += r.events();
      messages += r.messages();
      wallSeconds += r.wallSeconds();
      heapBytes = Math.max(heapBytes, r.heapBytes());
    }

    SimulatorReport toReport() {
      return new SimulatorReport(events, wallSeconds, wallSeconds > 0 ? events / wallSeconds : 0, heapBytes,
          messages);
    }
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

  static RunReport build(LoadedScenario loaded, Map<String, ModeReport> reports, boolean complete,
      String reason, Totals totals) {
    return new RunReport(loaded.scenario().name(), loaded.origin(), loaded.scenario().seed(),
        loaded.settings().deterministic(), complete, complete ? null : reason, new LinkedHashMap<>(reports),
        totals.toReport(), null, null, loaded.scenario().warnings());
  }

  private static Map<String, Object> withSeed(Map<String, Object> overrides, long seed) {
    Map<String, Object> out = new LinkedHashMap<>(overrides);
    out.put("tdpsim.scenario.seed", seed);
    return out;
  }

  private static void writeQuietly(Path dir, boolean force, RunReport report) {
    try {
      OutDir.writeSet(dir, force, d -> ReportWriter.writeAll(d, report,
          EnumSet.of(ReportFormat.JSON, ReportFormat.CSV, ReportFormat.TABLE)));
      System.err.println("tdpsim: interrupted; partial report (complete: false) written to " + dir);
    } catch (IOException | RuntimeException e) {
      System.err.println("tdpsim: interrupted; could not write the partial report: " + e.getMessage());
    }
  }

}
