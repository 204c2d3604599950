package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RunnableGraph;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tdpsim.main.engine.WallClock;
import tdpsim.main.progress.Progress;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;

/**
 * Runs the work items of a {@link SweepPlan} through a worker function on a bounded pool of threads (a Pekko
 * Streams pipeline, {@code mapAsyncUnordered(parallelism)}) and collects their results. The worker is {@link WorkRunner#run(WorkItem)} for a local sweep; anything else that maps an item
 * to its result (a cluster client) fits too. A failing item is recorded with its reason and the sweep goes on.
 *
 * <p>{@link #snapshot(String)} may be called from any thread (a shutdown hook) while {@link #run} is running; it
 * returns the items finished so far.
 */
public final class SweepRunner {
  private final SweepPlan plan;
  private final Function<WorkItem, ModeResult> worker;
  private final int parallelism;
  private final Map<Integer, PointResult> finished = new ConcurrentSkipListMap<>();
  private final long startNanos;
  private volatile ExecutorService pool;
  private volatile boolean cancelled;
  private volatile UniqueKillSwitch killSwitch;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SweepRunner.class);

  /**
   * @param worker maps an item to its result; may throw, which records the item as failed
   * @param parallelism items run at once, at least 1
   */
  public SweepRunner(SweepPlan plan, Function<WorkItem, ModeResult> worker, int parallelism) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.worker = Objects.requireNonNull(worker, "worker");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
    }
    this.parallelism = parallelism;
    this.startNanos = WallClock.nowNanos();
  }

  /** A local sweep: every item through {@link WorkRunner#run(WorkItem, boolean)}, cores shared when parallel. */
  public static SweepRunner local(SweepPlan plan, int parallelism) {
    boolean coresShared = parallelism > 1 && plan.workItems().size() > 1;
    return new SweepRunner(plan, item -> WorkRunner.run(item, coresShared), parallelism);
  }

  /**
   * Runs every item and returns the result; blocks until all finished or the calling thread is interrupted (then
   * the result holds what finished, marked incomplete). Progress is driven from the calling thread only.
   */
  public SweepResult run(Progress progress) {
    return run(progress, null);
  }

  /**
   * As {@link #run(Progress)}, through a Pekko Streams pipeline: the items not yet in {@code journal}, then
   * {@code mapAsyncUnordered(parallelism)} running each on the pool, then a sink that appends each finished item
   * to the journal (sweep.jsonl and results.csv) at once, so an interrupted sweep keeps every finished row.
   *
   * @param journal where finished items go as they finish, and the items a resumed sweep skips; or null
   */
  public SweepResult run(Progress progress, SweepJournal journal) {
    Map<Integer, PointResult> resumed = journal == null ? Map.of() : journal.resumed();
    finished.putAll(resumed);
    List<WorkItem> todo = plan.workItems().stream().filter(i -> !resumed.containsKey(i.index())).toList();
    int total = plan.workItems().size();
    ExecutorService executor = newPool(Math.min(parallelism, Math.max(1, todo.size())));
    pool = executor;
    ActorSystem system = ActorSystem.create("tdpsim-sweep", ConfigFactory.parseString(
        "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\npekko.daemonic = on\n"
            + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
        .withFallback(ConfigFactory.defaultReference()));
    BlockingQueue<PointResult> done = new LinkedBlockingQueue<>();
    UniqueKillSwitch kill = pipeline(todo, executor, journal, done).run(system);
    killSwitch = kill;
    progress.start("points", total);
    long events = 0;
    long virtualNs = 0;
    int n = resumed.size();
    try {
      if (n > 0) {
        progress.step(n, 0, 0);
      }
      for (int k = 0; k < todo.size(); k++) {
        PointResult r = done.take();
        if (cancelled) {
          // Items interrupted by cancel() did not fail on their own: leave them out, like items never run.
          break;
        }
        finished.put(r.item().index(), r);
        if (r.result() != null) {
          events += r.result().events();
          if (r.result().report().extra().get("virtualNs") instanceof Number v) {
            virtualNs += v.longValue();
          }
        }
        progress.step(++n, events, virtualNs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill.shutdown();
      return snapshot("interrupted");
    } finally {
      executor.shutdownNow();
      system.terminate();
      progress.finish();
    }
    return snapshot(cancelled ? "cancelled" : null);
  }

  private static ExecutorService newPool(int threads) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tdpsim-sweep-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The items, at most {@code parallelism} running at once on {@code executor}, then a sink that appends each
   * finished one to the journal and hands it to {@code done}; a kill switch stops handing out items.
   */
  private RunnableGraph<UniqueKillSwitch> pipeline(List<WorkItem> todo, ExecutorService executor,
      SweepJournal journal, BlockingQueue<PointResult> done) {
    return Source.from(todo)
        .viaMat(KillSwitches.single(), Keep.right())
        .mapAsyncUnordered(parallelism, item -> CompletableFuture.supplyAsync(() -> runOne(item), executor))
        .toMat(Sink.foreach(r -> {
          if (journal != null && !cancelled) {
            try {
              journal.append(r);
            } catch (IOException e) {
              LOG.error("could not append item " + r.item().index() + " to the sweep journal: " + e.getMessage());
            }
          }
          done.add(r);
        }), Keep.left());
  }

  /**
   * The items finished so far. Complete only when every item finished with a complete result and
   * {@code reason} is null.
   *
   * @param reason why the sweep stopped early (e.g. "interrupted"), or null when it ran to its end
   */
  public SweepResult snapshot(String reason) {
    List<PointResult> results = new ArrayList<>(finished.values());
    int total = plan.itemCount();
    String why = reason;
    long problems = results.stream().filter(r -> r.problem() != null).count();
    if (why == null && results.size() < total) {
      why = (total - results.size()) + " of " + total + " items did not run";
    }
    if (why == null && problems > 0) {
      why = problems + " of " + total + " items failed or stopped early";
    } else if (why != null && problems > 0) {
      why = why + "; " + problems + " items failed or stopped early";
    }
    double wall = (WallClock.nowNanos() - startNanos) / 1e9;
    return new SweepResult(plan, results, why == null, why, wall);
  }

  /**
   * Stops handing out items. Running ones are not interrupted (an interrupt while an item's actor system starts
   * makes Pekko print a stack trace): Ctrl-C publishes what finished and ends the JVM, running items with it.
   */
  public void cancel() {
    cancelled = true;
    UniqueKillSwitch kill = killSwitch;
    if (kill != null) {
      kill.shutdown();
    }
    ExecutorService p = pool;
    if (p != null) {
      p.shutdown();
    }
  }

  private PointResult runOne(WorkItem item) {
    try {
      ModeResult r = worker.apply(item);
      if (r == null) {
        return PointResult.failed(item, "the worker returned no result");
      }
      return PointResult.ok(item, r);
    } catch (Throwable e) {
      // Anything the worker throws, checked exceptions rethrown by Scala code included, fails only this item.
      String msg = e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      return PointResult.failed(item, msg.replaceAll("\\s*\\R\\s*", " "));
    }
  }
}
