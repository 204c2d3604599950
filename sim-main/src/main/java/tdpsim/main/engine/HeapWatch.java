package tdpsim.main.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

/**
 * Tells a run that the heap is about to run out: the JVM's collection-usage threshold on each heap pool that
 * has one (the old generation), set at {@value #FULL_PERCENT}% of the pool's maximum, is crossed after a
 * garbage collection. A run stops there, with one line that says so, rather than waiting for an
 * OutOfMemoryError that can strike any thread, mid-message, and take the actor system down with it.
 */
public final class HeapWatch implements AutoCloseable {
  static final int FULL_PERCENT = 90;

  private final CompletableFuture<Void> low = new CompletableFuture<>();
  private final List<long[]> startCounts = new ArrayList<>();
  private final List<MemoryPoolMXBean> pools = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;
  private volatile boolean listening;
  /** The watch of the run in progress, told when an actor thread meets OutOfMemoryError. */
  private static volatile HeapWatch current;
  /**
   * Heap held back for the way out: released when the heap runs out, so that stopping the run, formatting the
   * one line and writing the partial report have room even while the machine's tables still fill the heap.
   */
  private static volatile byte[] reserve;
  /** Set when the heap runs out while a run watches it: the parallel engine's executor then drops actor work. */
  private static volatile boolean full;

  private HeapWatch() {}

  /** A watch that never fires. */
  public static HeapWatch none() {
    return new HeapWatch();
  }

  /** Arms the thresholds (once per JVM, harmless to repeat) and listens for them until {@link #close()}. */
  public static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    full = false;
    if (reserve == null) {
      reserve = new byte[reserveBytes(Runtime.getRuntime().maxMemory())];
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
          && pool.getUsage().getMax() > 0) {
        long threshold = pool.getUsage().getMax() / 100 * FULL_PERCENT;
        if (pool.getCollectionUsageThreshold() != threshold) {
          pool.setCollectionUsageThreshold(threshold);
        }
        watch.pools.add(pool);
        watch.startCounts.add(new long[] {pool.getCollectionUsageThresholdCount()});
      }
    }
    if (ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
      emitter.addNotificationListener(watch.listener, null, null);
      watch.listening = true;
    }
    current = watch;
    return watch;
  }

  /**
   * An actor thread met OutOfMemoryError (the executor caught it): the run in progress stops as when the heap is
   * nearly full; nothing is allocated here. False when no run watches its heap (benches): the caller reports it.
   */
  public static boolean outOfMemoryThrown() {
    HeapWatch watch = current;
    if (watch == null) {
      return false;
    }
    watch.runOut();
    return true;
  }

  /** Gives the held-back heap to the way out (the heap ran out); harmless to repeat. */
  private static void releaseReserve() {
    reserve = null;
  }

  /** The heap ran out during the watched run: actor work stops (read per task by the spinning executor). */
  public static boolean heapFull() {
    return full;
  }

  /** The reserve: a sixteenth of the maximum heap, at least 4 MiB and at most 64 MiB. */
  static int reserveBytes(long maxHeap) {
    return (int) Math.max(4L << 20, Math.min(64L << 20, maxHeap / 16));
  }

  private void runOut() {
    full = true;
    releaseReserve();
    low.complete(null);
  }

  /** Whether heap is held back for the way out (for tests). */
  static boolean holdsReserve() {
    return reserve != null;
  }

  /** Completes when a heap pool is still {@value #FULL_PERCENT}% full after a collection. */
  public CompletableFuture<Void> whenLow() {
    return low;
  }

  /** Whether a heap pool crossed its threshold since {@link #start()} (even if the notification was missed). */
  public boolean sawOutOfMemory() {
    if (low.isDone()) {
      return true;
    }
    for (int i = 0; i < pools.size(); i++) {
      if (pools.get(i).getCollectionUsageThresholdCount() > startCounts.get(i)[0]) {
        return true;
      }
    }
    return false;
  }

  private void onNotification(Notification n, Object handback) {
    if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
      runOut();
    }
  }

  /** The one line a run that ran out of heap ends with: the heap used and the maximum. */
  public static String outOfMemory() {
    releaseReserve();
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    return String.format(Locale.ROOT, "out of memory: heap used %s of %s (-Xmx); run with a larger -Xmx or a "
        + "smaller scenario", size(used), size(rt.maxMemory()));
  }

  /** GiB with one decimal from 1 GiB up, whole MiB below (a 128 MiB heap is not "0.1 GiB"). */
  static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%d MiB", Math.round(bytes / (double) (1L << 20)));
  }

  @Override
  public void close() {
    // After an OutOfMemoryError the watch stays current: actor threads still winding down may meet the error
    // again, and it must stay swallowed (one line, no Pekko stack trace) until the next run's watch replaces it.
    if (current == this && !low.isDone()) {
      current = null;
    }
    if (listening && ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
      listening = false;
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // Already gone.
      }
    }
  }
}
