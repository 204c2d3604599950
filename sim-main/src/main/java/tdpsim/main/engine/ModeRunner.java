package tdpsim.main.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tdpsim.actors.machine.MachineGuardian;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.protocol.Machine;

/**
 * Runs one design of one scenario in an actor system of its own and waits for the result. In deterministic
 * mode every actor runs on one thread in FIFO order, so two runs with the same scenario and seed process the
 * same messages in the same order; otherwise actors run on all cores.
 */
public final class ModeRunner {
  /** What a run produced, plus the simulator's own wall-clock figures. */
  public record Outcome(Machine.Finished finished, double wallSeconds, long heapBytes) {}

  private static final String DETERMINISTIC = String.join("\n",
      "pekko.actor.default-dispatcher {",
      "  executor = \"thread-pool-executor\"",
      "  thread-pool-executor { fixed-pool-size = 1 }",
      "  throughput = 64",
      "}");

  private static final String QUIET = String.join("\n",
      "pekko.loglevel = WARNING",
      "pekko.stdout-loglevel = WARNING",
      "pekko.log-dead-letters = off",
      "pekko.log-dead-letters-during-shutdown = off",
      "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
      // Stopping a million actors under a full heap can take longer than Pekko's 10 s, which then warns; the
      // run waits 30 s for the system to end (below), and so does this phase.
      "pekko.coordinated-shutdown.phases.actor-system-terminate.timeout = 30s",
      "pekko.jvm-shutdown-hooks = off",
      // A fatal error (OutOfMemoryError) ends the actor system, and the run says so, instead of System.exit(-1).
      "pekko.jvm-exit-on-fatal-error = off",
      "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
      "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"");

  private static final Logger LOG = LoggerFactory.getLogger(ModeRunner.class);
  /** Whether this process said once that busy cores put a design on the fork-join pool. */
  private static final AtomicBoolean TOLD_BUSY = new AtomicBoolean();

  private ModeRunner() {}

  /** The executor a parallel design runs on: {@code auto} resolved against the cores' load now. */
  private static ExecutorSettings workers(ExecutorSettings executor) {
    ExecutorSettings resolved = executor.resolved(CoreLoad::othersBusy);
    if (executor.kind() == ExecutorSettings.Kind.AUTO && resolved.kind() == ExecutorSettings.Kind.FORK_JOIN
        && TOLD_BUSY.compareAndSet(false, true)) {
      LOG.info("other processes keep the cores busy: the engine runs on the fork-join pool instead of spinning "
          + "workers (tdpsim.engine.executor.kind = auto; spinning forces them)");
    }
    return resolved;
  }

  /** As {@link #run(MachineSpec, boolean, ExecutorSettings, Config, RunProgress, Duration)} without a watchdog. */
  public static Outcome run(MachineSpec spec, boolean deterministic, ExecutorSettings executor, Config base,
      RunProgress progress) {
    return run(spec, deterministic, executor, base, progress, Duration.ZERO, false);
  }

  /** A user's run: with the watchdog and the heap watch. */
  public static Outcome run(MachineSpec spec, boolean deterministic, ExecutorSettings executor, Config base,
      RunProgress progress, Duration watchdog) {
    return run(spec, deterministic, executor, base, progress, watchdog, true);
  }

  /**
   * Runs the machine and waits for its result, never forever: a machine that fails to build, an actor system
   * that ends without a result, a heap that runs out and (with a watchdog) a machine whose virtual time stops
   * advancing each end the run at once, incomplete, with the reason.
   *
   * @param executor the worker threads of a parallel run (ignored when deterministic)
   * @param base the rest of the actor system's configuration
   * @param progress the machine reports its virtual time here once per window
   * @param watchdog wall time without progress in virtual time that ends the run; zero = no watchdog
   * @param watchHeap end the run, out of memory, when the old generation stays {@value HeapWatch#FULL_PERCENT}%
   *     full after a collection (off for benches, which run close to the heap limit on purpose)
   */
  public static Outcome run(MachineSpec spec, boolean deterministic, ExecutorSettings executor, Config base,
      RunProgress progress, Duration watchdog, boolean watchHeap) {
    StartupWarmUp.awaitActorSystem();
    Config config = ConfigFactory.parseString(QUIET);
    config = (deterministic ? ConfigFactory.parseString(DETERMINISTIC) : workers(executor).dispatcherConfig())
        .withFallback(config).withFallback(base);
    long start = WallClock.nowNanos();
    HeapWatch heap = watchHeap ? HeapWatch.start() : HeapWatch.none();
    ActorSystem<Machine.Command> system;
    try {
      system = ActorSystem.create(MachineGuardian.create(spec, progress),
          "tdpsim-" + spec.config().mode().configName(), config);
    } catch (OutOfMemoryError e) {
      heap.close();
      return failed(HeapWatch.outOfMemory(), start);
    }
    try {
      CompletableFuture<Machine.Finished> reply = AskPattern.<Machine.Command, Machine.Finished>ask(system,
          Machine.Start::new, Duration.ofDays(180), system.scheduler()).toCompletableFuture();
      CompletableFuture<?> terminated = system.getWhenTerminated().toCompletableFuture();
      // Heap nearly full after a collection: stop the machine before the JVM throws OutOfMemoryError.
      CompletableFuture<Void> lowMemory = heap.whenLow();
      CompletableFuture<?> ended = CompletableFuture.anyOf(terminated, lowMemory);
      RunWatch<Machine.Finished> watch = new RunWatch<>(reply, ended,
          () -> progress.virtualNs() + progress.windows(), WallClock::nowNanos, watchdog.toNanos(), 100);
      RunWatch.Ending<Machine.Finished> ending = watch.await();
      if (ending.result().isPresent()) {
        Machine.Finished finished = ending.result().get();
        if (!finished.complete() && finished.stopReason().startsWith("out of memory")) {
          // The guardian caught OutOfMemoryError while building: say how much heap there was.
          finished = new Machine.Finished(false, HeapWatch.outOfMemory(), finished.virtualNs(), finished.windows(),
              finished.entities());
        }
        double wall = (WallClock.nowNanos() - start) / 1e9;
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        return new Outcome(finished, wall, mem.getHeapMemoryUsage().getUsed());
      }
      String reason = lowMemory.isDone() || heap.sawOutOfMemory() ? HeapWatch.outOfMemory() : ending.failure();
      Machine.Finished f = new Machine.Finished(false, reason, progress.virtualNs(), progress.windows(), List.of());
      return new Outcome(f, (WallClock.nowNanos() - start) / 1e9, 0);
    } finally {
      try {
        // Out of heap, the machine's threads may be stuck building or collecting: do not wait on them long.
        ActorSystems.terminate(system, heap.sawOutOfMemory() ? 2 : 30);
      } finally {
        // Only now: an actor thread meeting OutOfMemoryError while the system ends is still the watch's to report.
        heap.close();
      }
    }
  }

  private static Outcome failed(String reason, long start) {
    Machine.Finished f = new Machine.Finished(false, reason, 0, 0, List.of());
    return new Outcome(f, (WallClock.nowNanos() - start) / 1e9, 0);
  }
}
