package tdpsim.main;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tdpsim.main.cluster.ClusterNode;
import tdpsim.main.cluster.ClusterRun;
import tdpsim.main.progress.Progress;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.sensitivity.SensitivityPlan;
import tdpsim.main.sensitivity.SensitivityResult;
import tdpsim.main.sensitivity.SensitivityResult.CaseResult;
import tdpsim.main.sensitivity.SensitivityResult.MetricResult;
import tdpsim.main.sensitivity.SensitivityWriter;
import tdpsim.main.sweep.PointResult;
import tdpsim.main.sweep.SweepPlan;
import tdpsim.main.sweep.SweepResult;
import tdpsim.main.sweep.SweepRunner;

/**
 * {@code tdpsim sensitivity SCENARIO.conf}: reruns the scenario with each cost or model size whose source is an
 * assumption x0.25 and x4, one at a time (plus {@code --joint N} random joint draws, log-uniform in the same range), and says
 * per headline metric whether the ranking of the designs changed and how far the worst/best ratio moved. The runs
 * go through the sweep machinery: in parallel, or on the cluster with {@code --cluster}.
 */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
    description = "Which conclusions of a scenario change if an assumed cost is x0.25 or x4? (docs/cost-model.md)")
public final class SensitivityCommand implements Callable<Integer> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SensitivityCommand.class);

  @Parameters(index = "0", paramLabel = "SCENARIO.conf", description = "scenario file")
  Path scenario;

  @Option(names = "--joint", paramLabel = "N", description = "also N random joint draws of every assumption")
  int joint;

  @Option(names = "--keys", paramLabel = "K1,K2", split = ",",
      description = "vary only these assumptions (default: every cost and model size whose source is an assumption)")
  List<String> keys;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default tdpsim-out/<timestamp>)")
  Path out;

  @Option(names = "--parallelism", paramLabel = "N", description = "runs at once (default: available processors)")
  Integer parallelism;

  @Option(names = "--cluster", paramLabel = "HOST:PORT",
      description = "run on the cluster members reachable through this seed node (docs/cluster.md)")
  String cluster;

  @Option(names = "--tolerance", paramLabel = "F",
      description = "designs within this fraction of each other are not ranked apart (default 0.05)")
  double tolerance = SensitivityResult.DEFAULT_TOLERANCE;

  @Option(names = "--quiet", description = "no progress and no summary on the terminal")
  boolean quiet;

  @Override
  public Integer call() {
    int threads = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    if (threads < 1) {
      throw new UserException("--parallelism = " + threads + ": expected an integer >= 1");
    }
    if (!Files.isReadable(scenario)) {
      throw new UserException(scenario + ": cannot read the scenario file (missing or not readable)");
    }
    if (!(tolerance >= 0 && tolerance < 1)) {
      throw new UserException("--tolerance = " + tolerance + ": expected a fraction in [0, 1)");
    }
    SensitivityPlan plan = SensitivityPlan.of(scenario, keys, joint);
    SweepPlan sweep = plan.sweepPlan();
    Path dir = out != null ? out : ReportWriter.defaultOutDir(Clock.systemDefaultZone());
    int items = sweep.points().size() * sweep.modes().size();
    if (!quiet) {
      LOG.info("sensitivity of " + plan.scenarioName() + ": " + plan.assumptions().size()
          + " assumptions x {0.25, 4}" + (joint > 0 ? " + " + joint + " joint draws" : "") + " + baseline = "
          + sweep.points().size() + " cases x " + sweep.modes().size() + " designs = " + items + " runs "
          + (cluster != null ? "on the cluster at " + cluster : "on " + Math.min(threads, items) + " threads"));
    }
    ClusterNode node = null;
    SweepRunner runner;
    if (cluster != null) {
      node = ClusterRun.joinAsSubmitter(ConfigFactory.parseString("tdpsim.cluster.port = 0"), cluster);
      runner = new SweepRunner(sweep, new SweepCommand.ClusterSweepItems(node.executor()), Math.max(1, items));
    } else {
      runner = SweepRunner.local(sweep, threads);
    }
    SweepResult result;
    try (Progress progress = Progress.create(quiet, Progress.isTerminal())) {
      result = runner.run(progress);
    } finally {
      if (node != null) {
        node.close();
      }
    }
    SensitivityResult analysis = SensitivityResult.analyse(plan, result, tolerance);
    try {
      SensitivityWriter.writeAll(dir, analysis);
    } catch (IOException e) {
      LOG.error("could not write the sensitivity analysis to " + dir + ": " + e.getMessage());
      return Main.EXIT_INCOMPLETE;
    }
    for (PointResult r : result.results()) {
      if (r.problem() != null) {
        LOG.warn("case " + plan.cases().get(sweep.pointOf(r.item()).index()).label() + " "
            + r.item().mode().configName() + " " + r.status() + ": " + r.problem());
      }
    }
    if (!quiet) {
      System.out.print(summary(analysis));
      System.out.println("Sensitivity written to " + dir.toAbsolutePath());
    }
    return result.complete() ? 0 : Main.EXIT_INCOMPLETE;
  }

  /** One line per metric: the baseline ranking, robust or the assumptions it depends on, the widest ratio move. */
  static String summary(SensitivityResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Sensitivity of %s (%d assumptions x0.25 / x4)%n", r.plan().scenarioName(),
        r.plan().assumptions().size()));
    for (MetricResult m : r.metrics()) {
      double lo = 1;
      double hi = 1;
      for (CaseResult c : m.cases()) {
        if (c.ratioVsBaseline() != null) {
          lo = Math.min(lo, c.ratioVsBaseline());
          hi = Math.max(hi, c.ratioVsBaseline());
        }
      }
      String verdict = m.robust() ? "robust to every assumption"
          : m.dependsOn().isEmpty() ? "changed only in " + m.jointChanges() + " of " + m.jointDraws() + " joint draws"
          : "depends on " + String.join(", ", m.dependsOn());
      sb.append(String.format(Locale.ROOT, "  %-24s %s; %s; worst/best %s, moves x%.3g..x%.3g%n",
          m.metric().name(), m.baseline().ranking(), verdict,
          m.baseline().ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.3g", m.baseline().ratio()), lo, hi));
    }
    if (!r.unfinished().isEmpty()) {
      // Under run.until = work a case whose design hit the cap compares less work in that design.
      sb.append(String.format(Locale.ROOT, "  WARNING: in %d case(s) a design reached run.duration before its work "
          + "was done, so its figures there cover less work (raise run.duration): %s%n", r.unfinished().size(),
          r.unfinished().entrySet().stream().limit(6).map(e -> e.getKey() + " (" + String.join(", ", e.getValue())
              + ")").collect(java.util.stream.Collectors.joining("; "))
              + (r.unfinished().size() > 6 ? "; ..." : "")));
    }
    return sb.toString();
  }
}
