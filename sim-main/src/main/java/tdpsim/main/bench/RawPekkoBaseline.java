package tdpsim.main.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import tdpsim.main.engine.WallClock;

/**
 * Plain Pekko typed actors passing the simulator's message pattern with trivial work per message: a
 * coordinator ticks every participant once per window, each participant sends itself {@code continuations}
 * messages (the vCPUs' and devices' chunk continuations) and acknowledges (the window barrier). The same actor
 * count as the machine is spawned, idle ones included. What the simulator's message rate is compared with.
 */
public final class RawPekkoBaseline {
  /** The pattern to replay. */
  public record Pattern(int actors, int participants, long windows, int continuations) {
    public Pattern {
      if (participants < 1 || actors < participants || windows < 1 || continuations < 0) {
        throw new IllegalArgumentException("bad pattern " + actors + "/" + participants + "/" + windows + "/"
            + continuations);
      }
    }

    /** Messages the pattern handles: per window and participant a tick, the continuations and the ack. */
    public long messages() {
      return windows * participants * (2L + continuations);
    }

    /**
     * The pattern with the machine's actor count and window count whose message total is closest to
     * {@code messages}: the messages beyond ticks and acks are spread evenly as continuations.
     */
    public static Pattern matching(int actors, int participants, long windows, long messages) {
      long perWindowParticipant = Math.round((double) messages / Math.max(1, windows * participants));
      int continuations = (int) Math.max(0, perWindowParticipant - 2);
      return new Pattern(actors, participants, Math.max(1, windows), continuations);
    }
  }

  interface Msg {}

  private record Tick(ActorRef<Msg> coordinator) implements Msg {}

  private enum Continue implements Msg {
    INSTANCE
  }

  private record Ack(long handled, long work) implements Msg {}

  private record Start(ActorRef<Long> replyTo) implements Msg {}

  private RawPekkoBaseline() {}

  /** Runs the pattern on {@code threads} worker threads; the measurement counts the messages actually handled. */
  public static Measurement run(Pattern p, int threads) {
    Config config = ConfigFactory.parseString(String.join("\n",
        "pekko.loglevel = WARNING",
        "pekko.stdout-loglevel = WARNING",
        "pekko.log-dead-letters = off",
        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
        "pekko.jvm-shutdown-hooks = off",
        "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
        "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\""))
        .withFallback(SimulatorRun.dispatcher(threads));
    GcMeter gc = GcMeter.start();
    long start = WallClock.nowNanos();
    ActorSystem<Msg> system = ActorSystem.create(coordinator(p), "raw-baseline", config);
    try {
      long handled = AskPattern.<Msg, Long>ask(system, Start::new, Duration.ofDays(1), system.scheduler())
          .toCompletableFuture().get();
      double wall = (WallClock.nowNanos() - start) / 1e9;
      long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      return new Measurement("raw Pekko, same pattern", threads, p.actors(), 0, handled, 0, p.windows(), 0, wall, heap,
          gc.elapsedMillis(), handled == p.messages(), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("raw baseline interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("raw baseline failed", e.getCause());
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the figure is already measured
      }
    }
  }

  private static Behavior<Msg> coordinator(Pattern p) {
    return Behaviors.setup(ctx -> {
      List<ActorRef<Msg>> participants = new ArrayList<>();
      for (int i = 0; i < p.actors(); i++) {
        ActorRef<Msg> w = ctx.spawn(participant(p.continuations()), "a" + i);
        if (i < p.participants()) {
          participants.add(w);
        }
      }
      long[] state = new long[4]; // windows started, pending acks, messages handled, work checksum
      ActorRef<Long>[] replyTo = newRefArray();
      return Behaviors.receive(Msg.class)
          .onMessage(Start.class, s -> {
            replyTo[0] = s.replyTo();
            tickAll(ctx.getSelf(), participants, state);
            return Behaviors.same();
          })
          .onMessage(Ack.class, a -> {
            state[2] += a.handled() + 1;
            state[3] += a.work();
            if (--state[1] == 0) {
              if (state[0] == p.windows()) {
                replyTo[0].tell(state[2]);
              } else {
                tickAll(ctx.getSelf(), participants, state);
              }
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Long>[] newRefArray() {
    return (ActorRef<Long>[]) new ActorRef<?>[1];
  }

  private static void tickAll(ActorRef<Msg> self, List<ActorRef<Msg>> participants, long[] state) {
    state[0]++;
    state[1] = participants.size();
    Tick tick = new Tick(self);
    for (ActorRef<Msg> w : participants) {
      w.tell(tick);
    }
  }

  /** A participant: trivial work (a counter and a mix) per message. */
  private static Behavior<Msg> participant(int continuations) {
    return Behaviors.setup(ctx -> {
      long[] s = new long[3]; // continuations left, handled this window, work
      ActorRef<Msg>[] coordinator = newMsgRefArray();
      return Behaviors.receive(Msg.class)
          .onMessage(Tick.class, t -> {
            coordinator[0] = t.coordinator();
            s[0] = continuations;
            s[1] = 1;
            step(ctx.getSelf(), coordinator[0], s);
            return Behaviors.same();
          })
          .onMessageEquals(Continue.INSTANCE, () -> {
            s[1]++;
            step(ctx.getSelf(), coordinator[0], s);
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void step(ActorRef<Msg> self, ActorRef<Msg> coordinator, long[] s) {
    s[2] = s[2] * 31 + s[1];
    if (s[0] > 0) {
      s[0]--;
      self.tell(Continue.INSTANCE);
    } else {
      coordinator.tell(new Ack(s[1], s[2]));
    }
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Msg>[] newMsgRefArray() {
    return (ActorRef<Msg>[]) new ActorRef<?>[1];
  }
}
