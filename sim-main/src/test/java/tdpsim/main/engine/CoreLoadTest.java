package tdpsim.main.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoreLoadTest {
  @Test
  void theRunnableCountIsTheFourthFieldOfLoadavgBeforeTheSlash() {
    assertThat(CoreLoad.runnable("0.50 0.40 0.30 3/412 12345\n")).isEqualTo(3);
    assertThat(CoreLoad.runnable("12.01 9.80 7.00 17/1024 99")).isEqualTo(17);
  }

  /** The state follows the last ')', since a thread's name may hold spaces and parentheses. */
  @Test
  void aThreadIsRunningWhenItsStateIsR() {
    assertThat(CoreLoad.isRunning("4242 (C2 CompilerThre) R 1 2 3")).isTrue();
    assertThat(CoreLoad.isRunning("4243 (tdpsim (x) y) S 1 2 3")).isFalse();
    assertThat(CoreLoad.isRunning("4244 (a) b) R 1")).isTrue();
    assertThat(CoreLoad.isRunning("garbage")).isFalse();
  }

  /** One reading may be off (the files are read one after the other): busy takes 4 readings of 5. */
  @Test
  void busyTakesAllReadingsButOne() {
    assertThat(CoreLoad.busy(new int[] {0, 1, -1, 0, 2})).isFalse();
    assertThat(CoreLoad.busy(new int[] {1, 0, 2, 1, 1})).isTrue();
    assertThat(CoreLoad.busy(new int[] {1, 0, 2, 1, -1})).isFalse();
    assertThat(CoreLoad.busy(new int[] {2, 2, 2, 2, 2})).isTrue();
    assertThat(CoreLoad.busy(new int[] {-1, -2, 0, 0, 0})).isFalse();
  }

  /** On Linux a reading exists; this process's own running threads (this one) are not counted among others. */
  @Test
  void aReadingLeavesThisProcessOut() {
    if (!Files.isReadable(Path.of("/proc/loadavg"))) {
      return;
    }
    assertThat(CoreLoad.othersRunnable()).isPresent();
    // This thread is running while it reads: counted in the machine's runnable threads and in its own, so the
    // reading is not raised by it.
    assertThat(CoreLoad.othersRunnable().getAsInt()).isLessThan(Runtime.getRuntime().availableProcessors() + 64);
  }

  /**
   * This process's running threads are left out of a reading: with three threads of its own kept busy, the
   * machine's runnable count (read just before) exceeds the reading by about three. Were they counted, the two
   * would be about equal. The median of seven pairs, so that another process's moment does not decide it.
   */
  @Test
  void thisProcesssBusyThreadsAreNotCountedAsOthers() throws Exception {
    Path loadavg = Path.of("/proc/loadavg");
    if (!Files.isReadable(loadavg)) {
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.List<Thread> busy = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          Thread.onSpinWait();
        }
      });
      t.setDaemon(true);
      t.start();
      busy.add(t);
    }
    try {
      int[] own = new int[7];
      for (int i = 0; i < own.length; i++) {
        int machine = CoreLoad.runnable(Files.readString(loadavg));
        own[i] = machine - CoreLoad.othersRunnable().getAsInt();
        Thread.sleep(1);
      }
      java.util.Arrays.sort(own);
      assertThat(own[own.length / 2]).as("this process's running threads, median of %s", java.util.Arrays.toString(own))
          .isGreaterThanOrEqualTo(2);
    } finally {
      stop.set(true);
      for (Thread t : busy) {
        t.join();
      }
    }
  }

  /** auto becomes spinning, or fork-join when the cores are busy; the probe is asked only when it matters. */
  @Test
  void autoResolvesAgainstTheCoresLoad() {
    ExecutorSettings auto = new ExecutorSettings(ExecutorSettings.Kind.AUTO, 2, 50_000, 5_000);
    AtomicInteger asked = new AtomicInteger();
    assertThat(auto.resolved(() -> asked.incrementAndGet() < 0).kind()).isEqualTo(ExecutorSettings.Kind.SPINNING);
    assertThat(auto.resolved(() -> asked.incrementAndGet() > 0).kind()).isEqualTo(ExecutorSettings.Kind.FORK_JOIN);
    assertThat(asked.get()).isEqualTo(2);
    assertThat(auto.withThreads(1).resolved(() -> asked.incrementAndGet() > 0).kind())
        .isEqualTo(ExecutorSettings.Kind.SPINNING);
    ExecutorSettings spinning = new ExecutorSettings(ExecutorSettings.Kind.SPINNING, 2, 50_000, 5_000);
    assertThat(spinning.resolved(() -> asked.incrementAndGet() > 0)).isSameAs(spinning);
    assertThat(asked.get()).isEqualTo(2);
  }
}
