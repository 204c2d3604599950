package tdpsim.main;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tdpsim.main.cluster.ClusterExecutor;
import tdpsim.main.cluster.ClusterNode;
import tdpsim.main.cluster.ClusterRun;
import tdpsim.main.cluster.ExperimentListener;
import tdpsim.main.cluster.ExperimentOutcome;
import tdpsim.main.engine.SignalExit;
import tdpsim.main.progress.Progress;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.sweep.PointResult;
import tdpsim.main.sweep.SweepDir;
import tdpsim.main.sweep.SweepJournal;
import tdpsim.main.sweep.SweepPlan;
import tdpsim.main.sweep.SweepResult;
import tdpsim.main.sweep.SweepRunner;
import tdpsim.main.sweep.SweepWriter;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;

/**
 * {@code tdpsim sweep SWEEP.conf}: runs the cartesian product of the sweep's values in each design on a bounded
 * pool of threads and writes sweep.csv, sweep.json and two charts per swept key. Every point is validated before
 * any runs; a failing point is recorded and the sweep goes on; Ctrl-C writes what finished, marked incomplete.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run the cartesian product of listed values of scenario keys, in each design, across cores.")
public final class SweepCommand implements Callable<Integer> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SweepCommand.class);

  @Parameters(index = "0", arity = "0..1", paramLabel = "SWEEP.conf",
      description = "sweep file (HOCON); see docs/sweeps.md. With --resume, the one the directory was written for")
  Path sweepFile;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "finish the interrupted sweep in DIR: items it finished (sweep.jsonl) are kept, not run again")
  Path resume;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default tdpsim-out/<timestamp>)")
  Path out;

  @Option(names = "--quiet", description = "no progress and no summary on the terminal")
  boolean quiet;

  @Option(names = "--parallelism", paramLabel = "N",
      description = "points run at once (default: available processors)")
  Integer parallelism;

  @Option(names = "--deterministic",
      description = "run every point deterministically even if the sweep file sets deterministic = false")
  boolean deterministic;

  @Option(names = "--cluster", paramLabel = "HOST:PORT",
      description = "run the points on the cluster members reachable through this seed node (docs/cluster.md)")
  String cluster;

  @Option(names = "--force", description = "replace a non-empty --out directory whole at the end (and discard an "
      + "unfinished sweep's state there)")
  boolean force;

  @Override
  public Integer call() {
    int threads = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    if (threads < 1) {
      throw new UserException("--parallelism = " + threads + ": expected an integer >= 1");
    }
    SweepPlan plan = loadPlan();
    Path dir = resume != null ? resume : out != null ? out : ReportWriter.defaultOutDir(Clock.systemDefaultZone());
    SweepDir sweepDir = openDir(dir);
    SweepJournal journal = openJournal(plan, sweepDir);
    announce(plan, journal, dir, threads);
    Execution exec = start(plan, threads);
    Thread hook = interruptHook(exec.runner(), journal, sweepDir);
    SignalExit.addHook(hook);
    ChartReporter.warmUp();
    SweepResult result;
    try (Progress progress = Progress.create(quiet, Progress.isTerminal())) {
      result = exec.runner().run(progress, journal);
    } finally {
      if (exec.node() != null) {
        exec.node().close();
      }
    }
    if (!SignalExit.removeHook(hook)) {
      // Already shutting down: the hook writes the partial files.
      return Main.EXIT_INCOMPLETE;
    }
    if (!publish(plan, result, journal, sweepDir, exec)) {
      return Main.EXIT_INCOMPLETE;
    }
    summarise(plan, result, dir);
    return result.complete() ? 0 : Main.EXIT_INCOMPLETE;
  }

  /** The sweep's plan: from SWEEP.conf, or the one the journal of {@code --resume DIR} names; --out checked. */
  private SweepPlan loadPlan() {
    if (resume != null && out != null && !out.equals(resume)) {
      throw new UserException("--resume " + resume + " writes into that directory; leave out --out " + out);
    }
    Path journalled = null;
    try {
      journalled = resume == null ? null : SweepJournal.sweepFileOf(SweepDir.journalHome(resume));
    } catch (IOException e) {
      throw new UserException("--resume " + resume + ": cannot read its sweep journal: " + e.getMessage());
    }
    if (resume != null && journalled == null) {
      throw new UserException("--resume " + resume + ": no sweep journal (" + SweepJournal.FILE_NAME
          + ") there to resume");
    }
    if (sweepFile == null && journalled == null) {
      throw new UserException("missing SWEEP.conf (or --resume DIR)");
    }
    SweepPlan plan = SweepPlan.load(sweepFile != null ? sweepFile : journalled, deterministic);
    // After the sweep's own mistakes, before anything runs (a resumed sweep replaces its own directory's set).
    if (out != null && resume == null) {
      SweepDir.problem(out, force).ifPresent(p -> {
        throw new UserException(p);
      });
    }
    return plan;
  }

  private SweepJournal openJournal(SweepPlan plan, SweepDir sweepDir) {
    try {
      return SweepJournal.open(plan, sweepDir.work(), resume != null);
    } catch (IllegalArgumentException e) {
      sweepDir.abandon();
      throw new UserException("--resume " + resume + ": " + e.getMessage());
    } catch (IOException e) {
      sweepDir.abandon();
      throw new UserException("cannot write the sweep journal in " + sweepDir.work() + ": " + e.getMessage());
    }
  }

  private void announce(SweepPlan plan, SweepJournal journal, Path dir, int threads) {
    if (quiet) {
      return;
    }
    if (resume != null) {
      LOG.info("resuming " + dir + ": " + journal.resumed().size() + " of "
          + plan.workItems().size() + " items already finished");
    }
    int items = plan.itemCount();
    LOG.info("sweep " + plan.name() + ": " + plan.points().size() + " points x "
        + (plan.repeat() > 1 ? plan.repeat() + " replications x " : "")
        + plan.modes().size() + " designs = " + items + " runs "
        + (cluster != null ? "on the cluster at " + cluster : "on " + Math.min(threads, items) + " threads"));
  }

  /** Who runs the items: a pool here, or the cluster (then the submitting member and what each item did). */
  private record Execution(SweepRunner runner, ClusterNode node, ClusterSweepItems clusterItems) {}

  private Execution start(SweepPlan plan, int threads) {
    if (cluster == null) {
      return new Execution(SweepRunner.local(plan, threads), null, null);
    }
    // Every point is a work item on the cluster; as many are in flight as the members will take, and the
    // outputs are the same files a local sweep writes.
    ClusterNode node = ClusterRun.joinAsSubmitter(ConfigFactory.parseString("tdpsim.cluster.port = 0"), cluster);
    ClusterSweepItems items = new ClusterSweepItems(node.executor());
    return new Execution(new SweepRunner(plan, items, Math.max(1, plan.itemCount())), node, items);
  }

  /** Ctrl-C: publishes what finished as the set, marked incomplete, and exits 1 (README), not the JVM's 130. */
  private static Thread interruptHook(SweepRunner runner, SweepJournal journal, SweepDir sweepDir) {
    Path dir = sweepDir.out();
    return new Thread(() -> {
      runner.cancel();
      try {
        journal.close();
        SweepResult partial = runner.snapshot("interrupted");
        if (sweepDir.publish(d -> SweepWriter.writeAll(d, partial, false))) {
          LOG.warn("interrupted; partial sweep (complete: false) written to " + dir + "; sweep --resume " + dir
              + " finishes it");
        }
      } catch (IOException | RuntimeException e) {
        LOG.error("interrupted; could not write the partial sweep: " + e.getMessage() + "; its state stays in "
            + sweepDir.work() + " for sweep --resume " + dir);
      }
      System.err.flush();
      Runtime.getRuntime().halt(Main.EXIT_INCOMPLETE);
    }, "tdpsim-partial-sweep");
  }

  /** Publishes the whole set (the journal, the outputs, cluster.json); false, with one line, when it failed. */
  private boolean publish(SweepPlan plan, SweepResult result, SweepJournal journal, SweepDir sweepDir,
      Execution exec) {
    try {
      journal.finish(result.results());
      String submitter = exec.node() == null ? null : exec.node().address();
      sweepDir.publish(d -> {
        SweepWriter.writeAll(d, result, true);
        if (exec.clusterItems() != null) {
          // Where each point ran, and which were re-run after their member left: cluster.json, as run --cluster.
          Map<Integer, WorkItem> byIndex = new HashMap<>();
          plan.workItems().forEach(i -> byIndex.put(i.index(), i));
          ClusterRun.writeClusterFile(d, exec.clusterItems().merged(), cluster, submitter,
              i -> byIndex.containsKey(i)
                  ? "point " + plan.pointOf(byIndex.get(i)).index() + " " + byIndex.get(i).mode().configName()
                  : "item " + i);
        }
      });
      return true;
    } catch (IOException e) {
      LOG.error("could not write the sweep to " + sweepDir.out() + ": " + e.getMessage() + "; nothing was "
          + "written there, its state stays in " + sweepDir.work() + " for sweep --resume " + sweepDir.out());
      return false;
    }
  }

  private void summarise(SweepPlan plan, SweepResult result, Path dir) {
    if (!quiet) {
      System.out.printf(Locale.ROOT, "Sweep %s: %d rows (%d points x %d designs) in %.1f s; %s%n", plan.name(),
          result.results().size(), plan.points().size(), plan.modes().size(), result.wallSeconds(),
          result.complete() ? "complete" : "INCOMPLETE: " + result.incompleteReason());
      System.out.println("Sweep written to " + dir.toAbsolutePath());
    }
    List<String> capped = new ArrayList<>();
    for (PointResult r : result.results()) {
      if (r.problem() != null) {
        LOG.warn("point " + plan.pointOf(r.item()).index() + " " + r.item().mode().configName()
            + " " + r.status() + ": " + r.problem());
      } else if (r.result() != null && r.result().report().workUnfinished()) {
        capped.add("point " + plan.pointOf(r.item()).index() + " " + r.item().mode().configName());
      }
    }
    if (!capped.isEmpty()) {
      // Under run.until = work a row whose design hit the cap covers less work than the others.
      LOG.warn(capped.size() + " row(s) reached run.duration before their work was done (workComplete: false), so "
          + "their figures cover less work; raise run.duration: " + String.join(", ", capped.subList(0,
          Math.min(8, capped.size()))) + (capped.size() > 8 ? ", ..." : ""));
    }
  }

  private SweepDir openDir(Path dir) {
    try {
      return resume != null ? SweepDir.resume(resume) : SweepDir.start(dir, force);
    } catch (IOException e) {
      throw new UserException("cannot create the sweep's in-progress directory " + SweepDir.workOf(dir) + ": "
          + e.getMessage());
    }
  }

  /**
   * Runs each sweep item as a one-item cluster experiment and keeps every outcome, so the sweep can list where
   * each point ran and what was re-run after a member left.
   */
  static final class ClusterSweepItems implements Function<WorkItem,
      ModeResult> {
    private final ClusterExecutor executor;
    private final List<ExperimentOutcome.Rerun> reruns =
        Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, String> ranOn = new ConcurrentHashMap<>();
    private final Map<Integer, String> failures = new ConcurrentHashMap<>();
    private final Map<Integer, ModeResult> results =
        new ConcurrentHashMap<>();
    private final LongAdder[] wire = {new LongAdder(),
        new LongAdder(), new LongAdder(),
        new LongAdder(), new LongAdder()};
    private final AtomicInteger items = new AtomicInteger();

    ClusterSweepItems(ClusterExecutor executor) {
      this.executor = executor;
    }

    @Override
    public ModeResult apply(WorkItem item) {
      items.incrementAndGet();
      ExperimentOutcome o = executor.runAll(List.of(item),
          ExperimentListener.NONE);
      int i = item.index();
      if (o.ranOn().containsKey(0)) {
        ranOn.put(i, o.ranOn().get(0));
      }
      o.reruns().forEach(r -> reruns.add(new ExperimentOutcome.Rerun(i, r.lostOn(),
          r.reason())));
      if (o.failures().containsKey(0)) {
        failures.put(i, o.failures().get(0));
      }
      wire[0].add(o.wire().assignmentsSent());
      wire[1].add(o.wire().progressReceived());
      wire[2].add(o.wire().resultBytes());
      wire[3].add(o.wire().results());
      wire[4].add(o.wire().wallNs());
      ModeResult result = o.results().get(0);
      if (result == null) {
        throw new IllegalStateException("work item " + i + " did not finish on the cluster: "
            + o.incompleteReason());
      }
      results.put(i, result);
      return result;
    }

    ExperimentOutcome merged() {
      boolean complete = failures.isEmpty() && results.size() == items.get();
      return new ExperimentOutcome("sweep", items.get(), results, ranOn,
          new ArrayList<>(reruns), failures, complete,
          complete ? null : (items.get() - results.size()) + " items did not finish",
          new ExperimentOutcome.WireStats(wire[0].sum(), wire[1].sum(), wire[2].sum(),
              wire[3].sum(), wire[4].sum()));
    }
  }
}
