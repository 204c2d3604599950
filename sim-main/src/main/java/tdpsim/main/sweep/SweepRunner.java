package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tdpsim.main.engine.WallClock;
import tdpsim.main.progress.Progress;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;

/**
 * Runs the work items of a {@link SweepPlan} through a worker function on a bounded pool of threads and collects
 * their results. The worker is {@link WorkRunner#run(WorkItem)} for a local sweep; anything else that maps an item
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
    List<WorkItem> items = plan.workItems();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, items.size())), r -> {
      Thread t = new Thread(r, "tdpsim-sweep-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool = executor;
    CompletionService<PointResult> done = new ExecutorCompletionService<>(executor);
    List<Future<PointResult>> futures = new ArrayList<>(items.size());
    progress.start("points", items.size());
    long events = 0;
    long virtualNs = 0;
    try {
      for (WorkItem item : items) {
        futures.add(done.submit(() -> runOne(item)));
      }
      for (int n = 1; n <= items.size(); n++) {
        PointResult r = done.take().get();
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
        progress.step(n, events, virtualNs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      futures.forEach(f -> f.cancel(true));
      return snapshot("interrupted");
    } catch (ExecutionException e) {
      // runOne catches everything a worker throws; reaching here is a bug in the runner itself.
      throw new IllegalStateException("sweep item crashed outside the worker", e.getCause());
    } finally {
      executor.shutdownNow();
      progress.finish();
    }
    return snapshot(cancelled ? "cancelled" : null);
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

  /** Stops handing out items; running ones are interrupted. */
  public void cancel() {
    cancelled = true;
    ExecutorService p = pool;
    if (p != null) {
      p.shutdownNow();
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
