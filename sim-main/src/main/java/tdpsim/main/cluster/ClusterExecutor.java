package tdpsim.main.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;

/**
 * Runs work items across the cluster from the member it was made on: the batch form ({@link #submit},
 * {@link #runAll}) spreads a whole list at once; the {@link Function} form runs one item per call and suits a
 * caller that already parallelises (each call is an experiment of one item).
 */
public final class ClusterExecutor implements Function<WorkItem, ModeResult> {
  private final ActorSystem<?> system;
  private final ClusterSettings settings;
  private final ClusterSecret secret;

  ClusterExecutor(ActorSystem<?> system, ClusterSettings settings, ClusterSecret secret) {
    this.system = system;
    this.settings = settings;
    this.secret = secret;
  }

  /** A submitted experiment: its outcome to come, and a way to end it early. */
  public record Submission(String experimentId, CompletableFuture<ExperimentOutcome> outcome,
      ActorRef<ExperimentCoordinator.Msg> coordinator) {
    /** Ends the experiment now, incomplete, with {@code reason}; what finished so far is kept. */
    public void abort(String reason) {
      coordinator.tell(new ExperimentCoordinator.Abort(reason));
    }
  }

  /**
   * Submits {@code items}; they are numbered by their position in the list. Reads each distinct scenario file
   * once, here, so an unreadable file fails the call ({@code UserException}) before anything is assigned.
   */
  public Submission submit(List<WorkItem> items, ExperimentListener listener) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (WorkItem item : items) {
      texts.computeIfAbsent(item.scenario(), WorkWire::scenarioText);
    }
    String id = "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    CompletableFuture<ExperimentOutcome> outcome = new CompletableFuture<>();
    ActorRef<ExperimentCoordinator.Msg> coordinator = system.systemActorOf(
        ExperimentCoordinator.create(id, items, texts, settings, secret, listener, outcome), "experiment-" + id,
        Props.empty());
    if (items.isEmpty()) {
      coordinator.tell(new ExperimentCoordinator.Abort(null));
    }
    return new Submission(id, outcome, coordinator);
  }

  /** Runs {@code items} and waits for the outcome. */
  public ExperimentOutcome runAll(List<WorkItem> items, ExperimentListener listener) {
    return submit(items, listener).outcome().join();
  }

  /** Runs one item on some member; an item that could not finish throws {@link IllegalStateException}. */
  @Override
  public ModeResult apply(WorkItem item) {
    ExperimentOutcome outcome = runAll(List.of(item), ExperimentListener.NONE);
    ModeResult result = outcome.results().get(0);
    if (result == null) {
      throw new IllegalStateException("work item " + item.index() + " did not finish on the cluster: "
          + outcome.incompleteReason());
    }
    return result;
  }
}
