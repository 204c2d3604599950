package tdpsim.main.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.dispatch.Mailbox;

/**
 * The parallel engine's executor: a fixed set of worker threads that spin for a short while before parking when
 * they run out of work, instead of parking at once as a fork-join pool does.
 *
 * <p>Why: the simulation advances in windows of virtual time with a barrier between them, and a window's work
 * (a VM's vCPUs and devices) is small (tens of microseconds of wall time for a few entities). With a fork-join
 * pool every window hands work to a parked worker and waits for the kernel to wake it, which costs as much as the
 * window's work itself. A worker that is still spinning picks the task up within a few hundred nanoseconds.
 *
 * <p>Tasks submitted from a worker go to that worker's own queue (the message just written is in its cache);
 * idle workers take from the submission queue, then from the other workers' queues. Spinning is bounded
 * ({@code spinNanos}); a parked worker is woken by the next submission, so an idle simulator uses no CPU.
 */
public final class SpinningExecutor extends AbstractExecutorService {
  /** A parked worker also wakes after this long: a safety net, the next task unparks it. */
  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final int FAIR_HOMES = 4096;
  private static final long PURE_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(5);

  private final Worker[] workers;
  private final ConcurrentLinkedQueue<Runnable> submissions = new ConcurrentLinkedQueue<>();
  private final AtomicInteger parkedWorkers = new AtomicInteger();
  private final long spinNanos;
  private final long stealAfterNanos;
  private final long parkNanos;
  /** Home worker of each actor's mailbox, chosen on first sight, for the first {@link #FAIR_HOMES} ones. */
  private final ConcurrentHashMap<Runnable, Worker> homes = new ConcurrentHashMap<>();
  /** Next home of each kind of actor (its name without the trailing index: vcpu, device, vm, mmu, ...). */
  private final ConcurrentHashMap<String, AtomicInteger> nextHomeOfKind = new ConcurrentHashMap<>();
  private final AtomicInteger kinds = new AtomicInteger();
  private volatile boolean shutdown;
  /** The heap ran out while this executor ran a watched run: tasks are dropped from then on (plain: racy is fine). */
  private boolean heapFull;

  /**
   * @param threads worker threads, at least 1
   * @param spinNanos how long an idle worker spins before it parks
   * @param stealAfterNanos how long an idle worker waits before it runs a task homed on another worker
   */
  public SpinningExecutor(int threads, long spinNanos, long stealAfterNanos, ThreadFactory factory) {
    this(threads, spinNanos, stealAfterNanos, PARK_NANOS, factory);
  }

  /** @param parkNanos the longest a parked worker sleeps without being unparked (tests pass a very long one) */
  SpinningExecutor(int threads, long spinNanos, long stealAfterNanos, long parkNanos, ThreadFactory factory) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.spinNanos = Math.max(0, spinNanos);
    this.stealAfterNanos = Math.max(0, stealAfterNanos);
    this.parkNanos = parkNanos;
    this.workers = new Worker[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker(i);
    }
    for (Worker w : workers) {
      w.thread = factory.newThread(w);
    }
    for (Worker w : workers) {
      w.thread.start();
    }
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("executor shut down");
    }
    Worker own = current();
    Worker home = home(task);
    Worker target = home != null ? home : own;
    if (target != null) {
      target.queue.offer(task);
    } else {
      submissions.offer(task);
    }
    // The offer above and the parked count are both sequentially consistent: a worker that counted itself parked
    // after this read re-checks the queues before it parks, so no task waits for the park timeout.
    if (parkedWorkers.get() > 0) {
      wake(target, own);
    }
  }

  /**
   * An actor's mailbox runs on its home worker, so that its state (a vCPU's TLB, its slice of the table) stays in
   * that core's cache from one window to the next. The first actors seen are spread round-robin within their
   * kind (the name without its index: vcpu0, vcpu1, ... alternate between workers whatever else was spawned in
   * between, so the actors that carry the work are split evenly; each kind starts one worker further on), later
   * ones by identity hash. Other tasks have no home.
   */
  private Worker home(Runnable task) {
    if (workers.length == 1 || !(task instanceof Mailbox)) {
      return null;
    }
    Worker w = homes.get(task);
    if (w != null) {
      return w;
    }
    if (homes.size() >= FAIR_HOMES) {
      return workers[Math.floorMod(System.identityHashCode(task) * 0x9E3779B9, workers.length)];
    }
    return homes.computeIfAbsent(task, t -> nextHomeOf(kind((Mailbox) t)));
  }

  /** The next worker in {@code kind}'s round-robin; a new kind starts one worker after the kind before it. */
  private Worker nextHomeOf(String kind) {
    AtomicInteger next = nextHomeOfKind.computeIfAbsent(kind, k -> new AtomicInteger(kinds.getAndIncrement()));
    return workers[Math.floorMod(next.getAndIncrement(), workers.length)];
  }

  /** An actor's kind: its name without trailing digits ("vcpu3" and "vcpu12" are both "vcpu"). */
  static String kind(Mailbox mailbox) {
    return kind(mailbox.actor().self().path().name());
  }

  static String kind(String name) {
    int end = name.length();
    while (end > 0 && Character.isDigit(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end);
  }

  private Worker current() {
    Thread t = Thread.currentThread();
    for (Worker w : workers) {
      if (w.thread == t) {
        return w;
      }
    }
    return null;
  }

  /** Unparks the task's home worker if it is parked, otherwise any parked worker but the caller's own. */
  private void wake(Worker target, Worker own) {
    if (target != null && target != own && target.parked) {
      LockSupport.unpark(target.thread);
      return;
    }
    for (Worker w : workers) {
      if (w != own && w.parked) {
        LockSupport.unpark(w.thread);
        return;
      }
    }
  }

  private Runnable take(Worker self, boolean steal) {
    Runnable r = self.queue.poll();
    if (r != null) {
      return r;
    }
    r = submissions.poll();
    if (r != null || !steal) {
      return r;
    }
    for (int k = 1; k < workers.length; k++) {
      r = workers[(self.index + k) % workers.length].queue.poll();
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private boolean hasWork() {
    if (!submissions.isEmpty()) {
      return true;
    }
    for (Worker w : workers) {
      if (!w.queue.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** One worker thread and its own queue. */
  private final class Worker implements Runnable {
    final int index;
    final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    volatile boolean parked;
    Thread thread;

    Worker(int index) {
      this.index = index;
    }

    @Override
    public void run() {
      long idleSince = 0;
      while (true) {
        // Another worker's task is taken only after idling a while: an actor keeps its cache-warm home unless
        // its worker is busy for longer than a short wait.
        boolean steal = idleSince != 0 && System.nanoTime() - idleSince >= stealAfterNanos;
        Runnable r = take(this, steal);
        if (r != null) {
          idleSince = 0;
          runTask(r);
          continue;
        }
        if (shutdown) {
          return;
        }
        long now = System.nanoTime();
        if (idleSince == 0) {
          idleSince = now;
        }
        long idle = now - idleSince;
        if (idle < spinNanos) {
          // Busy-wait briefly, then yield between polls: on a machine with more runnable threads than cores the
          // thread this worker waits for may need this core.
          if (idle < PURE_SPIN_NANOS) {
            Thread.onSpinWait();
          } else {
            Thread.yield();
          }
          continue;
        }
        park();
        idleSince = 0;
      }
    }

    private void park() {
      parked = true;
      parkedWorkers.incrementAndGet();
      try {
        if (!hasWork() && !shutdown) {
          LockSupport.parkNanos(SpinningExecutor.this, parkNanos);
        }
      } finally {
        parked = false;
        parkedWorkers.decrementAndGet();
      }
    }

    private void runTask(Runnable r) {
      // Out of heap: the machine's actors do no more work (each would allocate more table pages) and the run ends
      // with what it has; once seen, this executor stays stopped even if a later run's watch clears the flag.
      if (heapFull || (heapFull = HeapWatch.heapFull())) {
        return;
      }
      try {
        r.run();
      } catch (OutOfMemoryError e) {
        // Not Pekko's fatal-error path (a stack trace on stderr, then a shutdown that cannot finish with the heap
        // full) when a run watches its heap: the watch stops the run and reports it in one line.
        if (!HeapWatch.outOfMemoryThrown()) {
          uncaught(e);
        }
      } catch (Throwable t) {
        // Pekko's mailboxes handle actor failures themselves; anything escaping is reported, the worker goes on.
        uncaught(t);
      }
    }

    private void uncaught(Throwable t) {
      Thread.UncaughtExceptionHandler h = thread.getUncaughtExceptionHandler();
      if (h != null) {
        h.uncaughtException(thread, t);
      }
    }
  }

  @Override
  public void shutdown() {
    shutdown = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    List<Runnable> left = new ArrayList<>();
    Runnable r;
    while ((r = submissions.poll()) != null) {
      left.add(r);
    }
    for (Worker w : workers) {
      while ((r = w.queue.poll()) != null) {
        left.add(r);
      }
    }
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    if (!shutdown) {
      return false;
    }
    for (Worker w : workers) {
      if (w.thread.isAlive()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    for (Worker w : workers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return isTerminated();
      }
      TimeUnit.NANOSECONDS.timedJoin(w.thread, left);
    }
    return isTerminated();
  }
}
