package tdpsim.main.cluster;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.protocol.Experiment;

/**
 * Runs the work items assigned to this member, {@code runs-per-member} at a time, on threads of its own (a
 * simulation blocks its thread for its whole run, so it must not sit on a dispatcher).
 *
 * <p>The outcome goes to the submitter straight from the worker thread, not through the entity: an entity
 * stopped by a shard hand-off (rebalance, a member leaving) loses nothing already running. A queued item whose
 * entity stopped is cancelled and never starts; the submitter re-sends it because it never saw it start.
 */
final class MemberWork implements AutoCloseable {
  private final String member;
  private final Function<WorkItem, ModeResult> runner;
  private final Path scenarioCache;
  private final ClusterSecret secret;
  private final ExecutorService threads;
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean closing;
  private volatile Consumer<String> log = line -> {};

  MemberWork(String member, Function<WorkItem, ModeResult> runner, int runsPerMember, Path scenarioCache,
      ClusterSecret secret) {
    this.member = member;
    this.runner = runner;
    this.scenarioCache = scenarioCache;
    this.secret = secret;
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(runsPerMember, r -> {
      Thread t = new Thread(r, "tdpsim-cluster-work-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  String member() {
    return member;
  }

  /** Where a line goes for every item that starts and ends here ({@code tdpsim node} prints them). */
  void log(Consumer<String> sink) {
    this.log = sink;
  }

  /** Counts an assignment refused for not carrying the cluster's secret. */
  void refused() {
    refused.incrementAndGet();
  }

  /** Assignments refused so far for not carrying the cluster's secret. */
  int refusedCount() {
    return refused.get();
  }

  /** Items that began running on this member so far. */
  int startedCount() {
    return started.get();
  }

  /**
   * Queues {@code run}; when it starts, {@link Experiment.Started} goes to the current {@code replyTo}, and its
   * outcome ({@link Experiment.Finished} or {@link Experiment.Failed}) to the then current one, before the
   * returned future completes with that outcome.
   */
  CompletableFuture<Experiment.Progress> submit(Experiment.Run run,
      AtomicReference<ActorRef<Experiment.Progress>> replyTo) {
    return CompletableFuture.supplyAsync(() -> {
      started.incrementAndGet();
      replyTo.get().tell(WorkWire.started(run, member, secret));
      log.accept("item started: " + run.experimentId() + " #" + run.index() + " " + run.mode().configName());
      Experiment.Progress outcome = execute(run);
      log.accept("item " + (outcome instanceof Experiment.Finished ? "finished" : "failed") + ": "
          + run.experimentId() + " #" + run.index() + " " + run.mode().configName());
      if (!closing) {
        // A run cut short by this member's shutdown is not a failure of the item: the submitter re-runs it.
        replyTo.get().tell(outcome);
      }
      return outcome;
    }, threads);
  }

  private Experiment.Progress execute(Experiment.Run run) {
    try {
      WorkItem item = WorkWire.toItem(run, scenarioCache, secret);
      return WorkWire.toFinished(run, member, runner.apply(item), secret);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      return WorkWire.failed(run, member,
          WorkWire.withoutUnknownKeyValues(reason.lines().findFirst().orElse("")), secret);
    }
  }

  @Override
  public void close() {
    closing = true;
    threads.shutdownNow();
  }
}
