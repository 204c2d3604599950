package tdpsim.main.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import tdpsim.protocol.Experiment;

/**
 * One work item as a sharded entity: idle until assigned, then running on {@link MemberWork}, then holding its
 * outcome for {@code result-retention} to answer a repeated assignment without running again, then stopped.
 *
 * <p>Idle passivation is off (reference.conf): a running entity is quiet for as long as its simulation runs. The
 * item's state that matters (what to run) lives on the submitter, which re-sends it, so an entity lost with its
 * member costs a re-run, never a result.
 */
final class WorkEntity {
  /** The sharded entity type of work items. */
  static final EntityTypeKey<Experiment.Command> TYPE_KEY =
      EntityTypeKey.create(Experiment.Command.class, "tdpsim-work");

  /** The item's run ended (from the worker thread); the outcome already went to the submitter. */
  private record WorkDone(Experiment.Progress outcome) implements Experiment.Internal {}

  /** The retention of a finished result is over. */
  private enum RetentionOver implements Experiment.Internal { INSTANCE }

  private WorkEntity() {}

  /** The entity id of an experiment's item: unique across experiments, so shards spread every submission. */
  static String entityId(String experimentId, int index) {
    return experimentId + "-" + index;
  }

  static Behavior<Experiment.Command> create(MemberWork work, Duration resultRetention, ClusterSecret secret) {
    return Behaviors.setup(ctx -> idle(work, resultRetention, secret));
  }

  /**
   * True when {@code run} carries a mac made with this cluster's secret; otherwise it is logged (without any of
   * its values) and dropped: whoever sent it gets no answer.
   */
  private static boolean authentic(ActorContext<Experiment.Command> ctx, Experiment.Run run, ClusterSecret secret,
      MemberWork work) {
    if (secret.verifies(run)) {
      return true;
    }
    if (work != null) {
      work.refused();
    }
    ctx.getLog().warn("refused an assignment that does not carry this cluster's secret (tdpsim.cluster.secret-file)"
        + " from {}", run.replyTo().path().address());
    return false;
  }

  private static Behavior<Experiment.Command> idle(MemberWork work, Duration retention, ClusterSecret secret) {
    return Behaviors.setup(ctx -> Behaviors.receive(Experiment.Command.class)
        .onMessage(Experiment.Run.class, run -> authentic(ctx, run, secret, work)
            ? onFirstRun(run, work, retention, secret) : Behaviors.same())
        .build());
  }

  private static Behavior<Experiment.Command> onFirstRun(Experiment.Run run, MemberWork work, Duration retention,
      ClusterSecret secret) {
    return Behaviors.setup(ctx -> {
      AtomicReference<ActorRef<Experiment.Progress>> replyTo = new AtomicReference<>(run.replyTo());
      CompletableFuture<Experiment.Progress> future = work.submit(run, replyTo);
      future.whenComplete((outcome, error) -> {
        if (outcome != null) {
          ctx.getSelf().tell(new WorkDone(outcome));
        }
      });
      return running(ctx, future, replyTo, retention, secret, work);
    });
  }

  private static Behavior<Experiment.Command> running(ActorContext<Experiment.Command> ctx,
      CompletableFuture<Experiment.Progress> future, AtomicReference<ActorRef<Experiment.Progress>> replyTo,
      Duration retention, ClusterSecret secret, MemberWork work) {
    return Behaviors.receive(Experiment.Command.class)
        // A repeated assignment (re-sent, or from a resubmitted experiment): the newest submitter gets the outcome.
        .onMessage(Experiment.Run.class, run -> {
          if (authentic(ctx, run, secret, work)) {
            replyTo.set(run.replyTo());
          }
          return Behaviors.same();
        })
        .onMessage(WorkDone.class, done -> done(done.outcome(), retention, secret, work))
        .onSignal(PostStop.class, stop -> {
          // Hand-off or member shutdown: a queued item never starts here (the submitter re-sends it); a running
          // one completes and reports from its thread.
          future.cancel(false);
          return Behaviors.same();
        })
        .build();
  }

  private static Behavior<Experiment.Command> done(Experiment.Progress outcome, Duration retention,
      ClusterSecret secret, MemberWork work) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(RetentionOver.INSTANCE, retention);
      return Behaviors.receive(Experiment.Command.class)
          .onMessage(Experiment.Run.class, run -> {
            if (authentic(ctx, run, secret, work)) {
              run.replyTo().tell(outcome);
            }
            return Behaviors.same();
          })
          .onMessageEquals(RetentionOver.INSTANCE, Behaviors::stopped)
          .build();
    }));
  }
}
