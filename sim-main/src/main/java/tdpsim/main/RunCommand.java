package tdpsim.main;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
import tdpsim.actors.wiring.RunProgress;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.main.cluster.ClusterRun;
import tdpsim.main.engine.ReplicationSeeds;
import tdpsim.main.engine.SignalExit;
import tdpsim.main.progress.Progress;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.OutDir;
import tdpsim.main.report.Replications;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.report.RunReport;
import tdpsim.main.report.SimulatorReport;
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunCommand.class);
  /** The incomplete reason of a run that ran out of heap (its design's stoppedEarly gives the heap figures). */
  static final String OUT_OF_MEMORY = "out of memory";

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
    List<Mode> selected = selectModes(loaded.scenario());
    checkBeforeRunning(loaded, selected);
    Path dir = out != null ? out : ReportWriter.defaultOutDir(Clock.systemDefaultZone());
    if (cluster != null) {
      return ClusterRun.run(loaded, selected, deterministic, dir, quiet, force, cluster);
    }
    return runHere(loaded, selected, overrides, dir);
  }

  /**
   * What must hold before anything runs, after the scenario's own mistakes: the heap floor, a usable
   * {@code --out}, options that go together. Prints the scenario's warnings.
   */
  private void checkBeforeRunning(LoadedScenario loaded, List<Mode> selected) {
    if (cluster == null) {
      HeapEstimate.check(loaded.origin(), loaded.scenario(), selected, Runtime.getRuntime().maxMemory());
    }
    if (out != null) {
      OutDir.problem(out, force).ifPresent(p -> {
        throw new UserException(p);
      });
    }
    for (String warning : loaded.scenario().warnings()) {
      LOG.warn(loaded.origin() + ": " + warning);
    }
    if (cluster != null && repeat > 1) {
      throw new UserException("--repeat with --cluster is not supported yet; run the replications locally");
    }
  }

  /** Runs every design (every replication) in this JVM, then writes the set; returns the exit code. */
  private int runHere(LoadedScenario loaded, List<Mode> selected, Map<String, Object> overrides, Path dir) {
    List<Long> seeds = ReplicationSeeds.of(loaded.scenario().seed(), repeat);
    tdpsim.main.trace.TraceWriter tracer = trace.open(deterministic);
    Runs runs = new Runs();
    Interrupt interrupt = new Interrupt();
    Thread hook = new Thread(() -> interrupt.onSignal(() -> {
      // The main thread did not get to write the report in time: write what finished, marked incomplete.
      writePartial(dir, force, build(loaded, runs.first, false, "interrupted", runs.totals)
          .with(null, BuildInfo.provenance(loaded, seeds)));
    }), "tdpsim-partial-report");
    SignalExit.addHook(hook);
    try {
      return runAndWrite(loaded, selected, overrides, dir, seeds, tracer, interrupt, runs, hook);
    } catch (OutOfMemoryError e) {
      // Out of heap while running or writing: Main says so in one line; the hook must not write an
      // "interrupted" report at exit on top of it.
      SignalExit.removeHook(hook);
      throw e;
    }
  }

  private int runAndWrite(LoadedScenario loaded, List<Mode> selected, Map<String, Object> overrides, Path dir,
      List<Long> seeds, tdpsim.main.trace.TraceWriter tracer, Interrupt interrupt, Runs runs, Thread hook) {
    ChartReporter.warmUp();
    try (Progress progress = Progress.create(quiet, Progress.isTerminal())) {
      // Progress in virtual time over all designs: a long design moves the bar too, not only its end.
      progress.start("simulated ns (" + selected.size() + " designs" + (repeat > 1 ? " x " + repeat : "") + ")",
          loaded.scenario().run().durationNs() * selected.size() * repeat);
      runReplications(loaded, selected, overrides, seeds, tracer, interrupt, progress, runs);
    }
    trace.close(tracer, quiet);
    RunReport report = build(loaded, runs.first, runs.incomplete == null, runs.incomplete, runs.totals)
        .with(repeat > 1 && !runs.all.isEmpty() ? Replications.of(runs.all, seeds.subList(0, runs.all.size()))
            : null, BuildInfo.provenance(loaded, seeds));
    int code = RunReports.finish(dir, force, report, null, quiet, null, runs.outOfMemory);
    if (interrupt.finished()) {
      return Main.EXIT_INCOMPLETE;
    }
    // False when already shutting down: the hook then ends the JVM itself.
    SignalExit.removeHook(hook);
    return code;
  }

  /** What the designs gave so far: every replication's reports, the totals, and why the run is incomplete. */
  static final class Runs {
    /** The first replication (the plain run) as far as it got: each design's report by name. */
    final Map<String, ModeReport> first = new LinkedHashMap<>();
    /** The replications that ran every design, in order. */
    final List<Map<String, ModeReport>> all = new ArrayList<>();
    final Totals totals = new Totals();
    /** Null while complete; else each design that stopped early and why, or "out of memory". */
    String incomplete;
    /** The one line of a run that ran out of heap (heap used and maximum), or null. */
    String outOfMemory;
    int designsDone;

    void stopped(String why) {
      incomplete = incomplete == null ? why : incomplete + "; " + why;
    }
  }

  /**
   * Replication r runs every design with the same seed (common random numbers); the first is the plain run. Stops
   * at Ctrl-C, and at out of memory (the next design would run out as well); a design that stopped early for
   * another reason (e.g. at its first invariant violation) stops only itself, and its report says so.
   */
  private void runReplications(LoadedScenario loaded, List<Mode> selected, Map<String, Object> overrides,
      List<Long> seeds, tdpsim.main.trace.TraceWriter tracer, Interrupt interrupt, Progress progress, Runs runs) {
    for (int rep = 0; rep < repeat; rep++) {
      LoadedScenario repLoaded = rep == 0 ? loaded : LoadedScenario.load(scenarioFile,
          withSeed(overrides, seeds.get(rep)), deterministic);
      Map<String, ModeReport> repReports = rep == 0 ? runs.first : new LinkedHashMap<>();
      for (Mode mode : selected) {
        // The trace follows the first replication (the plain run) only.
        RunProgress machine = new RunProgress().tracing(rep == 0 ? tracer : null);
        if (!interrupt.running(machine)) {
          // Ctrl-C: the design that was running says so already; between designs, say where it stopped.
          if (runs.incomplete == null || !runs.incomplete.endsWith("interrupted")) {
            runs.stopped("interrupted before " + mode.configName());
          }
          return;
        }
        if (tracer != null && rep == 0) {
          tracer.mode(mode.configName());
        }
        ModeResult r = runDesign(repLoaded, mode, machine, progress, runs);
        repReports.put(mode.configName(), r.report());
        if (r.complete()) {
          continue;
        }
        if (r.stopReason().startsWith(OUT_OF_MEMORY)) {
          runs.outOfMemory = r.stopReason();
          runs.incomplete = OUT_OF_MEMORY;
          return;
        }
        runs.stopped(mode.configName() + (repeat > 1 ? " (replication " + (rep + 1) + ")" : "") + ": "
            + r.stopReason());
      }
      runs.all.add(repReports);
    }
  }

  /** Runs one design, the progress bar following its virtual time; adds its figures to the totals. */
  private ModeResult runDesign(LoadedScenario loaded, Mode mode, RunProgress machine, Progress progress, Runs runs) {
    long durationNs = loaded.scenario().run().durationNs();
    long base = durationNs * runs.designsDone;
    long events = runs.totals.events;
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
      r = WorkRunner.run(loaded, mode, machine);
    } finally {
      if (poller != null) {
        poller.shutdownNow();
      }
    }
    runs.totals.add(r);
    runs.designsDone++;
    progress.step(durationNs * runs.designsDone, runs.totals.events, durationNs * runs.designsDone);
    return r;
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

  private static void writePartial(Path dir, boolean force, RunReport report) {
    try {
      RunReports.write(dir, force, report, RunReports.PARTIAL, null);
      LOG.warn("interrupted; partial report (complete: false) written to " + dir);
    } catch (IOException | RuntimeException e) {
      LOG.error("interrupted; could not write the partial report: " + e.getMessage());
    }
  }


}
