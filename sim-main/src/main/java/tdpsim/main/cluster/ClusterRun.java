package tdpsim.main.cluster;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tdpsim.main.RunReports;
import tdpsim.main.UserException;
import tdpsim.main.engine.SignalExit;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.report.RunReport;
import tdpsim.main.report.SimulatorReport;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.protocol.Mode;

/**
 * {@code tdpsim run SCENARIO.conf --cluster SEED}: joins the cluster at {@code SEED} as a submitting member, runs
 * each selected design as one work item on the worker members, and writes the same report files as a local run
 * into the same directory, plus {@code cluster.json} (where each item ran, what re-ran, the wire traffic).
 *
 * <p>The report is rewritten after every result, marked incomplete until the last one, so losing the submitting
 * member at any point leaves a partial report that says so.
 */
public final class ClusterRun {
  /** The file next to the report files that describes the clustered execution. */
  public static final String CLUSTER_FILE = "cluster.json";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterRun.class);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private ClusterRun() {}

  /**
   * Runs the designs {@code modes} of {@code loaded} on the cluster at {@code seedNode}; returns the exit code. The
   * set in {@code dir} is replaced whole at each write (a non-empty {@code dir} only when {@code force}).
   */
  public static int run(LoadedScenario loaded, List<Mode> modes, boolean deterministic, Path dir, boolean quiet,
      boolean force, String seedNode) {
    return run(loaded, modes, deterministic, dir, quiet, force, seedNode, ConfigFactory.empty());
  }

  /** As above, the submitting member started with {@code overrides} on top (tests: its secret file). */
  static int run(LoadedScenario loaded, List<Mode> modes, boolean deterministic, Path dir, boolean quiet,
      boolean force, String seedNode, Config overrides) {
    List<WorkItem> items = new ArrayList<>();
    String scenario = loaded.file() == null ? LoadedScenario.BUILTIN : loaded.file().toString();
    for (Mode mode : modes) {
      items.add(new WorkItem(items.size(), scenario, Map.of(), mode, loaded.scenario().seed(), deterministic));
    }
    // The submitter takes any free port: a worker member on this host usually holds the configured one.
    Config config = ConfigFactory.parseString("tdpsim.cluster.port = 0").withFallback(overrides);
    try (ClusterNode node = joinAsSubmitter(config, seedNode)) {
      Map<Integer, ModeResult> done = new LinkedHashMap<>();
      // May the set in dir be replaced whole: with --force, or once it holds our own partial set.
      java.util.concurrent.atomic.AtomicBoolean replace = new java.util.concurrent.atomic.AtomicBoolean(force);
      ExperimentListener listener = new ExperimentListener() {
        @Override
        public void started(int index, String member) {
          if (!quiet) {
            LOG.info(modes.get(index).configName() + " started on " + member);
          }
        }

        @Override
        public void finished(int index, ModeResult result, String member) {
          done.put(index, result);
          if (writePartial(dir, replace.get(), report(loaded, modes, done, false, "in progress: "
              + done.size() + " of " + modes.size() + " designs finished"))) {
            replace.set(true);
          }
        }
      };
      ClusterExecutor.Submission submission = node.executor().submit(items, listener);
      Thread hook = new Thread(() -> {
        submission.abort("interrupted on the submitting member");
        submission.outcome().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
      }, "tdpsim-cluster-interrupt");
      SignalExit.addHook(hook);
      ExperimentOutcome outcome = submission.outcome().join();
      // False when already shutting down: the outcome below is the aborted one.
      SignalExit.removeHook(hook);
      return finish(loaded, modes, dir, quiet, replace.get(), seedNode, node.address(), outcome);
    }
  }

  /** Starts a submitting member joined to {@code seedNode} and waits until it is up. */
  public static ClusterNode joinAsSubmitter(Config overrides, String seedNode) {
    ClusterNode node = ClusterNode.start(overrides, List.of(seedNode), false, true);
    boolean up;
    try {
      up = node.awaitUp(JOIN_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      up = false;
    }
    if (!up) {
      node.close();
      throw new UserException("--cluster " + seedNode + ": could not join the cluster within "
          + JOIN_TIMEOUT.toSeconds() + " s (is 'tdpsim node' running there, with the same cluster secret "
          + node.secretFile() + "?)");
    }
    if (node.settings().submitterRunsWork()) {
      node.close();
      throw new UserException("tdpsim.cluster.submitter-runs-work is not supported by run --cluster yet");
    }
    return node;
  }

  private static int finish(LoadedScenario loaded, List<Mode> modes, Path dir, boolean quiet, boolean replace,
      String seedNode, String submitter, ExperimentOutcome outcome) {
    // Every design runs whatever another one met (a violation stops only its own run); each design's report says
    // whether it stopped early (stoppedEarly), and the run is complete only when all of them ran to the end.
    String stopped = stoppedEarly(modes, outcome.results());
    boolean complete = outcome.complete() && stopped == null;
    String reason = outcome.complete() ? stopped
        : stopped == null ? outcome.incompleteReason() : outcome.incompleteReason() + "; " + stopped;
    RunReport report = report(loaded, modes, outcome.results(), complete, reason);
    return RunReports.finish(dir, replace, report,
        d -> writeClusterFile(d, outcome, seedNode, submitter, index -> modes.get(index).configName()), quiet,
        summary(outcome, index -> modes.get(index).configName()), null);
  }

  /** "design: why; ..." for the designs whose run stopped early, or null when none did. */
  static String stoppedEarly(List<Mode> modes, Map<Integer, ModeResult> results) {
    List<String> stopped = new ArrayList<>();
    for (int i = 0; i < modes.size(); i++) {
      ModeResult r = results.get(i);
      if (r != null && !r.complete()) {
        stopped.add(modes.get(i).configName() + ": " + r.stopReason());
      }
    }
    return stopped.isEmpty() ? null : String.join("; ", stopped);
  }

  /** The run report of the designs finished so far, in the order the designs were selected. */
  static RunReport report(LoadedScenario loaded, List<Mode> modes, Map<Integer, ModeResult> results,
      boolean complete, String reason) {
    Map<String, ModeReport> reports = new LinkedHashMap<>();
    long events = 0;
    long messages = 0;
    double wallSeconds = 0;
    long heapBytes = 0;
    for (int i = 0; i < modes.size(); i++) {
      ModeResult r = results.get(i);
      if (r != null) {
        reports.put(modes.get(i).configName(), r.report());
        events += r.events();
        messages += r.messages();
        wallSeconds += r.wallSeconds();
        heapBytes = Math.max(heapBytes, r.heapBytes());
      }
    }
    return new RunReport(loaded.scenario().name(), loaded.origin(), loaded.scenario().seed(),
        loaded.settings().deterministic(), complete, complete ? null : reason, reports,
        new SimulatorReport(events, wallSeconds, wallSeconds > 0 ? events / wallSeconds : 0, heapBytes, messages))
        .with(null, tdpsim.main.BuildInfo.provenance(loaded, java.util.List.of(loaded.scenario().seed())));
  }

  /** One line per placement, re-run and the wire figures, for the terminal. */
  public static String summary(ExperimentOutcome outcome, java.util.function.IntFunction<String> label) {
    StringBuilder out = new StringBuilder();
    outcome.ranOn().forEach((index, member) ->
        out.append("  ").append(label.apply(index)).append(" ran on ").append(member).append('\n'));
    for (ExperimentOutcome.Rerun rerun : outcome.reruns()) {
      out.append("  re-run: ").append(label.apply(rerun.index())).append(" (was on ").append(rerun.lostOn())
          .append(", ").append(rerun.reason()).append(")\n");
    }
    ExperimentOutcome.WireStats w = outcome.wire();
    out.append(String.format(java.util.Locale.ROOT,
        "  cluster: %d items, %d re-run, %d messages crossed members (%.1f/s), %.0f bytes per result, %.2f s",
        outcome.items(), outcome.reruns().size(), w.assignmentsSent() + w.progressReceived(),
        w.messagesPerSecond(), w.bytesPerResult(), w.wallNs() / 1e9));
    return out.toString();
  }

  /** Writes {@link #CLUSTER_FILE}: placement, re-runs, failures and wire figures of {@code outcome}. */
  public static void writeClusterFile(Path dir, ExperimentOutcome outcome, String seedNode, String submitter,
      java.util.function.IntFunction<String> label) throws IOException {
    ReportWriter.writeAtomically(dir.resolve(CLUSTER_FILE), out -> {
      try (JsonGenerator gen = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.useDefaultPrettyPrinter();
        gen.writeStartObject();
        gen.writeStringField("experimentId", outcome.experimentId());
        gen.writeStringField("seedNode", seedNode);
        gen.writeStringField("submitter", submitter);
        gen.writeBooleanField("complete", outcome.complete());
        gen.writeStringField("incompleteReason", outcome.incompleteReason());
        gen.writeNumberField("items", outcome.items());
        gen.writeArrayFieldStart("ranOn");
        for (Map.Entry<Integer, String> e : outcome.ranOn().entrySet()) {
          gen.writeStartObject();
          gen.writeNumberField("item", e.getKey());
          gen.writeStringField("label", label.apply(e.getKey()));
          gen.writeStringField("member", e.getValue());
          gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeArrayFieldStart("reruns");
        for (ExperimentOutcome.Rerun rerun : outcome.reruns()) {
          gen.writeStartObject();
          gen.writeNumberField("item", rerun.index());
          gen.writeStringField("label", label.apply(rerun.index()));
          gen.writeStringField("lostOn", rerun.lostOn());
          gen.writeStringField("reason", rerun.reason());
          gen.writeStringField("ranAgainOn", outcome.ranOn().get(rerun.index()));
          gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeObjectFieldStart("failures");
        for (Map.Entry<Integer, String> e : outcome.failures().entrySet()) {
          gen.writeStringField(label.apply(e.getKey()), e.getValue());
        }
        gen.writeEndObject();
        ExperimentOutcome.WireStats w = outcome.wire();
        gen.writeObjectFieldStart("wire");
        gen.writeNumberField("assignmentsSent", w.assignmentsSent());
        gen.writeNumberField("progressReceived", w.progressReceived());
        gen.writeNumberField("results", w.results());
        gen.writeNumberField("resultBytes", w.resultBytes());
        gen.writeNumberField("bytesPerResult", Math.round(w.bytesPerResult()));
        gen.writeNumberField("wallSeconds", Math.round(w.wallNs() / 1e6) / 1e3);
        gen.writeNumberField("messagesPerSecond", Math.round(w.messagesPerSecond() * 10) / 10.0);
        gen.writeEndObject();
        gen.writeEndObject();
      }
      out.write('\n');
    });
  }

  /** Writes the set so far, replacing the one in {@code dir} whole; false (and one line) when it could not. */
  private static synchronized boolean writePartial(Path dir, boolean replace, RunReport report) {
    try {
      RunReports.write(dir, replace, report, RunReports.PARTIAL, null);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.error("could not write the partial report to " + dir + ": " + e.getMessage());
      return false;
    }
  }
}
