package tdpsim.main.cluster;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Subscribe;
import tdpsim.main.engine.WallClock;
import tdpsim.protocol.Experiment;

/**
 * Every member checks that every other member holds the cluster secret, and downs one that does not prove it
 * within {@code attest-timeout}. A join through a seed node is already checked ({@link SecretJoinChecker}), but
 * Pekko also accepts a direct {@code Join} sent to any member without that check; this closes it.
 *
 * <p>Two actors: the responder, at {@code /system/tdpsim-attest/responder} on every member, answers a {@link
 * Experiment.Challenge} with a {@link Experiment.Proof} for its own address and hands the proofs it receives to
 * the checker, which challenges each member that comes up, re-sends every second until answered, and downs it at
 * the deadline.
 */
final class MemberAttestation {
  /** The responder's name under {@code /system}, the same on every member. */
  static final String NAME = "tdpsim-attest";

  private static final Duration RESEND = Duration.ofSeconds(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private interface Msg {}

  private record Up(ClusterEvent.MemberUp event) implements Msg {}

  private record Removed(ClusterEvent.MemberRemoved event) implements Msg {}

  private record ProofArrived(Experiment.Proof proof) implements Msg {}

  private enum Tick implements Msg { INSTANCE }

  private record Pending(String nonce, long deadlineNs) {}

  private MemberAttestation() {}

  /** Path of the responder on every member, under its address. */
  private static final String RESPONDER_PATH = "/system/" + NAME + "/responder";

  /** Starts the checker and its child, the responder, on {@code system}'s member. */
  static void start(org.apache.pekko.actor.typed.ActorSystem<?> system, ClusterSecret secret, Duration timeout) {
    system.systemActorOf(checker(secret, timeout), NAME, Props.empty());
  }

  private static Behavior<Experiment.Attestation> responder(ClusterSecret secret, ActorRef<Msg> checker) {
    return Behaviors.setup(ctx -> {
      String self = Cluster.get(ctx.getSystem()).selfMember().address().toString();
      return Behaviors.receive(Experiment.Attestation.class)
          .onMessage(Experiment.Challenge.class, c -> {
            c.replyTo().tell(new Experiment.Proof(self, c.nonce(), secret.attest(c.nonce(), self)));
            return Behaviors.same();
          })
          .onMessage(Experiment.Proof.class, p -> {
            checker.tell(new ProofArrived(p));
            return Behaviors.same();
          })
          .build();
    });
  }

  private static Behavior<Msg> checker(ClusterSecret secret, Duration timeout) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ActorRef<Experiment.Proof> responder = ctx.spawn(responder(secret, ctx.getSelf()), "responder").narrow();
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberUp.class, Up::new), ClusterEvent.MemberUp.class));
      cluster.subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberRemoved.class, Removed::new), ClusterEvent.MemberRemoved.class));
      timers.startTimerWithFixedDelay(Tick.INSTANCE, RESEND);
      Map<Address, Pending> pending = new HashMap<>();
      Address self = cluster.selfMember().address();
      for (Member m : cluster.state().getMembers()) {
        if (m.status().equals(MemberStatus.up()) && !m.address().equals(self)) {
          challenge(ctx, responder, pending, m.address(), timeout);
        }
      }
      return Behaviors.receive(Msg.class)
          .onMessage(Up.class, up -> {
            Address a = up.event().member().address();
            if (!a.equals(self) && !pending.containsKey(a)) {
              challenge(ctx, responder, pending, a, timeout);
            }
            return Behaviors.same();
          })
          .onMessage(Removed.class, removed -> {
            pending.remove(removed.event().member().address());
            return Behaviors.same();
          })
          .onMessage(ProofArrived.class, arrived -> {
            Experiment.Proof p = arrived.proof();
            pending.entrySet().removeIf(e -> e.getKey().toString().equals(p.member())
                && e.getValue().nonce().equals(p.nonce())
                && ClusterSecret.sameMac(p.mac(), secret.attest(p.nonce(), p.member())));
            return Behaviors.same();
          })
          .onMessageEquals(Tick.INSTANCE, () -> {
            long now = WallClock.nowNanos();
            for (Map.Entry<Address, Pending> e : Map.copyOf(pending).entrySet()) {
              if (now - e.getValue().deadlineNs() > 0) {
                ctx.getLog().warn("downing {}: it did not prove this cluster's secret within {} s", e.getKey(),
                    timeout.toSeconds());
                cluster.manager().tell(new Down(e.getKey()));
                pending.remove(e.getKey());
              } else {
                send(ctx, responder, e.getKey(), e.getValue().nonce());
              }
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static void challenge(ActorContext<Msg> ctx, ActorRef<Experiment.Proof> responder,
      Map<Address, Pending> pending, Address member, Duration timeout) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    Pending p = new Pending(HexFormat.of().formatHex(nonce), WallClock.nowNanos() + timeout.toNanos());
    pending.put(member, p);
    send(ctx, responder, member, p.nonce());
  }

  /** Challenges {@code member}'s responder; the proof comes back to this member's responder. */
  private static void send(ActorContext<Msg> ctx, ActorRef<Experiment.Proof> responder, Address member,
      String nonce) {
    ctx.getSystem().classicSystem().actorSelection(member + RESPONDER_PATH)
        .tell(new Experiment.Challenge(nonce, responder), org.apache.pekko.actor.ActorRef.noSender());
  }
}
