package tdpsim.main.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfRemoved;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import tdpsim.main.engine.WallClock;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.protocol.Experiment;

/**
 * The submitting member's side of one experiment: assigns items to work entities a window at a time, follows
 * their progress, re-sends what a departed member had started, and completes with every result or with the
 * reason it could not.
 *
 * <p>Implementation notes. The window is {@code in-flight-per-worker} times the worker members up, so unassigned
 * items wait here and go to whichever member shards them next (a late joiner has the fewest shards, so it gets
 * new items first). An assignment not seen to start is re-sent every {@code resend-interval}: the entity ignores
 * a repeat of something it runs, so this only recovers assignments lost with a member or a shard hand-off. An
 * item seen to start on a member that is then removed from the cluster is re-sent at once and listed as re-run.
 * Duplicate results (a re-run racing the original) are counted, and the first one wins; in deterministic mode
 * both are equal.
 */
final class ExperimentCoordinator extends AbstractBehavior<ExperimentCoordinator.Msg> {
  interface Msg {}

  private record WrappedProgress(Experiment.Progress progress) implements Msg {}

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Msg {}

  private record SelfLeft(SelfRemoved event) implements Msg {}

  private enum Tick implements Msg { INSTANCE }

  /** Ends the experiment now, incomplete with {@code reason} (Ctrl-C on the submitter); null: nothing left. */
  record Abort(String reason) implements Msg {}

  private final String experimentId;
  private final List<WorkItem> items;
  private final Map<String, String> scenarioTexts;
  private final ClusterSettings settings;
  private final ClusterSecret secret;
  private final ExperimentListener listener;
  private final CompletableFuture<ExperimentOutcome> outcome;
  private final ClusterSharding sharding;
  private final Serialization serialization;
  private final ActorRef<Experiment.Progress> progressRef;

  private final Deque<Integer> queue = new ArrayDeque<>();
  private final Set<Integer> inFlight = new LinkedHashSet<>();
  private final Map<Integer, String> startedOn = new HashMap<>();
  private final Map<Integer, ModeResult> results = new TreeMap<>();
  private final Map<Integer, String> ranOn = new TreeMap<>();
  private final Map<Integer, String> failures = new TreeMap<>();
  private final List<ExperimentOutcome.Rerun> reruns = new ArrayList<>();
  private final Set<Address> workers = new HashSet<>();
  private final long startNs = WallClock.nowNanos();
  private long noWorkersSinceNs = startNs;
  private long assignmentsSent;
  private long progressReceived;
  private long resultBytes;
  private long resultsReceived;

  static Behavior<Msg> create(String experimentId, List<WorkItem> items, Map<String, String> scenarioTexts,
      ClusterSettings settings, ClusterSecret secret, ExperimentListener listener,
      CompletableFuture<ExperimentOutcome> outcome) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.resendInterval());
      return new ExperimentCoordinator(ctx, experimentId, items, scenarioTexts, settings, secret, listener, outcome);
    }));
  }

  private ExperimentCoordinator(ActorContext<Msg> ctx, String experimentId, List<WorkItem> items,
      Map<String, String> scenarioTexts, ClusterSettings settings, ClusterSecret secret,
      ExperimentListener listener, CompletableFuture<ExperimentOutcome> outcome) {
    super(ctx);
    this.experimentId = experimentId;
    this.items = List.copyOf(items);
    this.scenarioTexts = Map.copyOf(scenarioTexts);
    this.settings = settings;
    this.secret = secret;
    this.listener = listener;
    this.outcome = outcome;
    this.sharding = ClusterSharding.get(ctx.getSystem());
    this.serialization = SerializationExtension.get(ctx.getSystem().classicSystem());
    this.progressRef = ctx.messageAdapter(Experiment.Progress.class, WrappedProgress::new);
    for (int i = 0; i < this.items.size(); i++) {
      queue.add(i);
    }
    Cluster cluster = Cluster.get(ctx.getSystem());
    for (Member member : cluster.state().getMembers()) {
      if (member.status().equals(MemberStatus.up()) && member.hasRole(settings.workerRole())) {
        workers.add(member.address());
      }
    }
    cluster.subscriptions().tell(Subscribe.create(
        ctx.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
    cluster.subscriptions().tell(Subscribe.create(
        ctx.messageAdapter(SelfRemoved.class, SelfLeft::new), SelfRemoved.class));
    noWorkersSinceNs = workers.isEmpty() ? startNs : Long.MAX_VALUE;
    dispatch();
  }

  @Override
  public Receive<Msg> createReceive() {
    return newReceiveBuilder()
        .onMessage(WrappedProgress.class, this::onProgress)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(SelfLeft.class, this::onSelfLeft)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessage(Abort.class, abort -> finish(abort.reason()))
        .onSignal(PostStop.class, stop -> onPostStop())
        .build();
  }

  private Behavior<Msg> onProgress(WrappedProgress wrapped) {
    Experiment.Progress progress = wrapped.progress();
    if (!secret.verifies(progress)) {
      getContext().getLog().warn("experiment {}: dropped a progress message that does not carry this cluster's"
          + " secret", experimentId);
      return this;
    }
    progressReceived++;
    if (progress instanceof Experiment.Started s) {
      if (inFlight.contains(s.index())) {
        startedOn.put(s.index(), s.member());
        listener.started(s.index(), s.member());
      }
    } else if (progress instanceof Experiment.Finished f) {
      resultsReceived++;
      resultBytes += serialization.serialize(f).get().length;
      if (inFlight.remove(f.index())) {
        ModeResult result = WorkWire.toResult(f, items.get(f.index()).mode().configName());
        results.put(f.index(), result);
        ranOn.put(f.index(), f.member());
        listener.finished(f.index(), result, f.member());
      }
    } else if (progress instanceof Experiment.Failed failed) {
      if (inFlight.remove(failed.index())) {
        failures.put(failed.index(), failed.member() + ": " + failed.reason());
      }
    }
    return dispatchOrFinish();
  }

  private Behavior<Msg> onMemberChanged(MemberChanged changed) {
    ClusterEvent.MemberEvent event = changed.event();
    Member member = event.member();
    if (event instanceof ClusterEvent.MemberUp && member.hasRole(settings.workerRole())) {
      workers.add(member.address());
    } else if (event instanceof ClusterEvent.MemberRemoved) {
      workers.remove(member.address());
      String lost = member.address().toString();
      for (int index : List.copyOf(inFlight)) {
        if (lost.equals(startedOn.get(index))) {
          startedOn.remove(index);
          reruns.add(new ExperimentOutcome.Rerun(index, lost, "member removed from the cluster"));
          getContext().getLog().warn("experiment {}: item {} was running on {}, which left; running it again",
              experimentId, index, lost);
          send(index);
        } else if (!startedOn.containsKey(index)) {
          send(index);
        }
      }
    } else if (event instanceof ClusterEvent.MemberLeft || event instanceof ClusterEvent.MemberExited
        || event instanceof ClusterEvent.MemberDowned) {
      workers.remove(member.address());
    }
    if (workers.isEmpty()) {
      noWorkersSinceNs = Math.min(noWorkersSinceNs, WallClock.nowNanos());
    } else {
      noWorkersSinceNs = Long.MAX_VALUE;
    }
    return dispatchOrFinish();
  }

  private Behavior<Msg> onSelfLeft(SelfLeft left) {
    return finish("the submitting member was removed from the cluster (downed or shut down) before the "
        + "experiment finished");
  }

  private Behavior<Msg> onTick() {
    for (int index : inFlight) {
      if (!startedOn.containsKey(index)) {
        send(index);
      }
    }
    if (workers.isEmpty() && !queue.isEmpty()
        && WallClock.nowNanos() - noWorkersSinceNs > settings.workerWaitTimeout().toNanos()) {
      return finish("no member with role '" + settings.workerRole() + "' was up for "
          + settings.workerWaitTimeout().toSeconds() + " s; start members with 'tdpsim node'");
    }
    return this;
  }

  private Behavior<Msg> onPostStop() {
    if (!outcome.isDone()) {
      outcome.complete(outcome("the submitting member's actor system stopped before the experiment finished"));
    }
    return this;
  }

  private Behavior<Msg> dispatchOrFinish() {
    dispatch();
    if (queue.isEmpty() && inFlight.isEmpty()) {
      return finish(failures.isEmpty() ? null : failures.size() + " item(s) failed, first: "
          + failures.values().iterator().next());
    }
    return this;
  }

  private void dispatch() {
    int window = workers.size() * settings.inFlightPerWorker();
    while (!queue.isEmpty() && inFlight.size() < window) {
      int index = queue.poll();
      inFlight.add(index);
      send(index);
    }
  }

  private void send(int index) {
    WorkItem item = items.get(index);
    sharding.entityRefFor(WorkEntity.TYPE_KEY, WorkEntity.entityId(experimentId, index))
        .tell(WorkWire.toRun(experimentId, index, item, scenarioTexts.getOrDefault(item.scenario(), ""), progressRef,
            secret));
    assignmentsSent++;
  }

  private Behavior<Msg> finish(String incompleteReason) {
    outcome.complete(outcome(incompleteReason));
    return Behaviors.stopped();
  }

  private ExperimentOutcome outcome(String incompleteReason) {
    boolean complete = incompleteReason == null && results.size() == items.size();
    String reason = complete ? null : incompleteReason != null ? incompleteReason
        : (items.size() - results.size()) + " of " + items.size() + " items did not finish";
    if (!complete && !reason.contains(" of " + items.size())) {
      reason = reason + "; " + results.size() + " of " + items.size() + " items finished";
    }
    return new ExperimentOutcome(experimentId, items.size(), results, ranOn, reruns, failures, complete, reason,
        new ExperimentOutcome.WireStats(assignmentsSent, progressReceived, resultBytes, resultsReceived,
            WallClock.nowNanos() - startNs));
  }
}
