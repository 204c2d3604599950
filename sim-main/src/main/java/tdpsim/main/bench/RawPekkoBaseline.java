package tdpsim.main.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import tdpsim.main.engine.ActorSystems;
import tdpsim.main.engine.WallClock;

/**
 * Plain Pekko typed actors passing the simulator's message pattern with trivial work per message: every window
 * each participant gets one tick (the simulator's RunWindow), sends itself {@code continuations} messages (the
 * vCPUs' and devices' chunk continuations and the window's other messages, spread evenly) and then arrives at a
 * shared counter (the simulator's window barrier, which is not a message); the last to arrive ticks every
 * participant for the next window. The same actor count as the machine is spawned, idle ones included. What the
 * simulator's message rate is compared with.
 */
public final class RawPekkoBaseline {
  /**
   * The pattern to replay: {@code windows} windows of a tick per participant, plus {@code extraMessages}
   * continuations spread over the windows and participants as evenly as whole messages allow.
   */
  public record Pattern(int actors, int participants, long windows, long extraMessages) {
    public Pattern {
      if (participants < 1 || actors < participants || windows < 1 || extraMessages < 0) {
        throw new IllegalArgumentException("bad pattern " + actors + "/" + participants + "/" + windows + "/"
            + extraMessages);
      }
    }

    /** Messages the pattern handles: the ticks and every continuation. */
    public long messages() {
      return windows * participants + extraMessages;
    }

    /** Continuations participant {@code participant} sends itself in window {@code window} (both from 0). */
    public int continuations(long window, int participant) {
      long inWindow = extraMessages / windows + (window < extraMessages % windows ? 1 : 0);
      return (int) (inWindow / participants + (participant < inWindow % participants ? 1 : 0));
    }

    /** The pattern with the machine's actor and window counts and exactly {@code messages} messages. */
    public static Pattern matching(int actors, int participants, long windows, long messages) {
      long w = Math.max(1, windows);
      return new Pattern(actors, participants, w, Math.max(0, messages - w * participants));
    }
  }

  interface Msg {}

  private enum Tick implements Msg {
    INSTANCE
  }

  private enum Continue implements Msg {
    INSTANCE
  }

  private record Start(ActorRef<Long> replyTo) implements Msg {}

  private record Done(long handled) implements Msg {}

  /**
   * The barrier the participants share: arrivals count down, the last one ticks everybody again. Written by the
   * last arriver of each window only; the counter's decrement publishes the rest.
   */
  private static final class Barrier {
    final AtomicInteger pending = new AtomicInteger();
    final LongAdder handled = new LongAdder();
    final List<ActorRef<Msg>> participants = new ArrayList<>();
    ActorRef<Msg> coordinator;
    long windows;
    /** The window in progress, from 0 (read by the participants after their tick). */
    long window = -1;

    void tickAll() {
      window++;
      pending.set(participants.size());
      for (ActorRef<Msg> p : participants) {
        p.tell(Tick.INSTANCE);
      }
    }

    void arrive(long handledByParticipant) {
      handled.add(handledByParticipant);
      if (pending.decrementAndGet() == 0) {
        if (window == windows - 1) {
          coordinator.tell(new Done(handled.sum()));
        } else {
          tickAll();
        }
      }
    }
  }

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
      long windowsStart = WallClock.nowNanos();
      long handled = AskPattern.<Msg, Long>ask(system, Start::new, Duration.ofDays(1), system.scheduler())
          .toCompletableFuture().get();
      long end = WallClock.nowNanos();
      double wall = (end - start) / 1e9;
      long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      return new Measurement("raw Pekko, same pattern", threads, p.actors(), 0, handled, 0, p.windows(), 0, wall, heap,
          gc.elapsedMillis(), handled == p.messages(), (end - windowsStart) / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("raw baseline interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("raw baseline failed", e.getCause());
    } finally {
      ActorSystems.terminate(system, 30);
    }
  }

  private static Behavior<Msg> coordinator(Pattern p) {
    return Behaviors.setup(ctx -> {
      Barrier barrier = new Barrier();
      barrier.coordinator = ctx.getSelf();
      barrier.windows = p.windows();
      for (int i = 0; i < p.actors(); i++) {
        ActorRef<Msg> w = ctx.spawn(participant(p, i, barrier), "a" + i);
        if (i < p.participants()) {
          barrier.participants.add(w);
        }
      }
      ActorRef<Long>[] replyTo = newRefArray();
      return Behaviors.receive(Msg.class)
          .onMessage(Start.class, s -> {
            replyTo[0] = s.replyTo();
            barrier.tickAll();
            return Behaviors.same();
          })
          .onMessage(Done.class, d -> {
            replyTo[0].tell(d.handled());
            return Behaviors.same();
          })
          .build();
    });
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Long>[] newRefArray() {
    return (ActorRef<Long>[]) new ActorRef<?>[1];
  }

  /** A participant: trivial work (a counter and a mix) per message. */
  private static Behavior<Msg> participant(Pattern p, int index, Barrier barrier) {
    return Behaviors.setup(ctx -> {
      long[] s = new long[3]; // continuations left, handled this window, work
      return Behaviors.receive(Msg.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            s[0] = p.continuations(barrier.window, index);
            s[1] = 1;
            step(ctx.getSelf(), barrier, s);
            return Behaviors.same();
          })
          .onMessageEquals(Continue.INSTANCE, () -> {
            s[1]++;
            step(ctx.getSelf(), barrier, s);
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void step(ActorRef<Msg> self, Barrier barrier, long[] s) {
    s[2] = s[2] * 31 + s[1];
    if (s[0] > 0) {
      s[0]--;
      self.tell(Continue.INSTANCE);
    } else {
      barrier.arrive(s[1]);
    }
  }
}
