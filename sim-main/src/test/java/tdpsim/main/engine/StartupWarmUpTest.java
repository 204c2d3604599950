package tdpsim.main.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 19: the start-up warm-up runs its work off the main thread and leaves nothing running behind. */
class StartupWarmUpTest {
  @Test
  void warmsUpAndLeavesNoActorSystemThreadsBehind() throws InterruptedException {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    StartupWarmUp.startInBackground(() -> {
      ran.add("first");
      throw new IllegalStateException("a failing warm-up step stops only itself");
    }, () -> {
      ran.add("second");
      done.countDown();
    });
    StartupWarmUp.awaitActorSystem();
    assertThat(done.await(60, TimeUnit.SECONDS)).as("the later steps ran").isTrue();
    assertThat(ran).containsExactly("first", "second");
    // The throwaway system has terminated: its dispatcher threads end within moments.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pekkoThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(pekkoThreads()).as("threads of the throwaway actor system").isZero();
  }

  private static long pekkoThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("tdpsim-warm-up-pekko")).count();
  }
}
