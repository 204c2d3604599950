package tdpsim.main.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 18: every way out of waiting for a machine, none of them "wait a day". */
class RunWatchTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private static long seconds(long startNanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
  }

  @Test
  void theReplyIsTheResult() {
    CompletableFuture<String> reply = new CompletableFuture<>();
    timer.schedule(() -> reply.complete("done"), 200, TimeUnit.MILLISECONDS);
    RunWatch.Ending<String> e = new RunWatch<>(reply, new CompletableFuture<>(), () -> 0, System::nanoTime,
        0, 20).await();
    assertThat(e.result()).contains("done");
    assertThat(e.failure()).isNull();
  }

  @Test
  void aSystemThatEndsWithoutAReplyEndsTheWaitAtOnce() {
    CompletableFuture<String> reply = new CompletableFuture<>();
    CompletableFuture<Void> terminated = new CompletableFuture<>();
    timer.schedule(() -> terminated.complete(null), 100, TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    RunWatch.Ending<String> e = new RunWatch<>(reply, terminated, () -> 0, System::nanoTime, 0, 20).await();
    assertThat(e.result()).isEmpty();
    assertThat(e.failure()).isEqualTo("the actor system stopped without a result");
    assertThat(seconds(start)).isLessThan(5);
  }

  @Test
  void theWatchdogEndsAStalledRun() {
    long start = System.nanoTime();
    RunWatch.Ending<String> e = new RunWatch<String>(new CompletableFuture<>(), new CompletableFuture<>(),
        () -> 42, System::nanoTime, TimeUnit.MILLISECONDS.toNanos(300), 20).await();
    assertThat(e.result()).isEmpty();
    assertThat(e.failure()).startsWith("no progress in virtual time for 0.3 s").contains("tdpsim.engine.watchdog");
    assertThat(seconds(start)).isLessThan(5);
  }

  @Test
  void progressKeepsTheWatchdogAway() {
    CompletableFuture<String> reply = new CompletableFuture<>();
    timer.schedule(() -> reply.complete("done"), 1, TimeUnit.SECONDS);
    AtomicLong virtualNs = new AtomicLong();
    // Virtual time advances on every look, the watchdog is a fifth of the run's wall time.
    RunWatch.Ending<String> e = new RunWatch<>(reply, new CompletableFuture<>(), virtualNs::incrementAndGet,
        System::nanoTime, TimeUnit.MILLISECONDS.toNanos(200), 20).await();
    assertThat(e.result()).contains("done");
  }
}
