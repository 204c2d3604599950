package tdpsim.main.engine;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Waits for a machine's result without ever waiting forever. The wait ends with the result, or with a reason
 * when the actor system ended without one (a guardian that failed while building the machine, a fatal error),
 * or when the machine's virtual time has not advanced for the watchdog's wall time (a stall). Plain Java, so
 * that each way out is tested without an actor system.
 *
 * @param <T> the result
 */
public final class RunWatch<T> {
  /** The result, or why there is none. */
  public record Ending<T>(Optional<T> result, String failure) {}

  private final CompletableFuture<T> reply;
  private final CompletableFuture<?> terminated;
  private final LongSupplier progress;
  private final LongSupplier wallNanos;
  private final long watchdogNanos;
  private final long pollMillis;

  /**
   * @param progress anything that grows while the machine makes progress (its virtual time, window count)
   * @param watchdogNanos wall time without progress that ends the wait; 0 = no watchdog
   */
  public RunWatch(CompletableFuture<T> reply, CompletableFuture<?> terminated, LongSupplier progress,
      LongSupplier wallNanos, long watchdogNanos, long pollMillis) {
    this.reply = reply;
    this.terminated = terminated;
    this.progress = progress;
    this.wallNanos = wallNanos;
    this.watchdogNanos = watchdogNanos;
    this.pollMillis = pollMillis;
  }

  /** Waits; an interrupt ends the wait with the failure "interrupted" and keeps the thread's interrupt flag. */
  public Ending<T> await() {
    long last = progress.getAsLong();
    long lastChange = wallNanos.getAsLong();
    while (true) {
      try {
        return new Ending<>(Optional.of(reply.get(pollMillis, TimeUnit.MILLISECONDS)), null);
      } catch (TimeoutException e) {
        // Look at the system and the watchdog below.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Ending<>(Optional.empty(), "interrupted");
      } catch (ExecutionException e) {
        return new Ending<>(Optional.empty(), "run failed: " + e.getCause());
      }
      if (terminated.isDone() && !reply.isDone()) {
        return new Ending<>(Optional.empty(), "the actor system stopped without a result");
      }
      long now = wallNanos.getAsLong();
      long current = progress.getAsLong();
      if (current != last) {
        last = current;
        lastChange = now;
      } else if (watchdogNanos > 0 && now - lastChange >= watchdogNanos) {
        return new Ending<>(Optional.empty(), "no progress in virtual time for " + seconds(watchdogNanos)
            + " of wall time (watchdog, tdpsim.engine.watchdog)");
      }
    }
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s == Math.rint(s) ? (long) s + " s" : s + " s";
  }
}
