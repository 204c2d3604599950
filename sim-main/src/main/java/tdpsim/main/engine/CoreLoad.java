package tdpsim.main.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether other processes keep this machine's cores busy right now, for {@code tdpsim.engine.executor.kind = auto}:
 * the spinning executor's workers assume the cores are theirs, and beside busy processes they lose their cores
 * for whole time slices at every yield. Linux only ({@code /proc}); elsewhere the answer is "not busy".
 *
 * <p>One reading is the machine's runnable threads ({@code /proc/loadavg}, its fourth field before the slash)
 * less this process's threads in state R ({@code /proc/self/task/N/stat}), so the JVM's own JIT compilers and
 * collector never count. The two files are read one after the other and threads come and go in between, so one
 * reading may be off by one either way, and other processes run for a moment now and then: the cores count as
 * busy when at least 4 of {@value #READINGS} readings, {@value #GAP_MICROS} us apart (4 ms per design start),
 * find another process's thread runnable. Measured on this 2-core machine: with nothing else running, 0 of 300
 * checks said busy (the median rule, 3 of 5, said so 2 times in 200); beside two busy {@code yes} processes 99 of
 * 100 did, beside one 88 of 100. Beside one busy process spinning workers slow down no more than sharing a core
 * costs (a 1 s default run on 2 threads took 3.9, 2.6 and 1.6 s a round as the code warmed up, about 1 s alone),
 * beside two they collapse (26 to 31 s a round, against 0.9 to 3.2 s on the fork-join pool).
 */
public final class CoreLoad {
  static final int READINGS = 5;
  static final long GAP_MICROS = 1000;
  private static final Path LOADAVG = Path.of("/proc/loadavg");
  private static final Path TASKS = Path.of("/proc/self/task");

  private CoreLoad() {}

  /** True when other processes' threads are runnable now (4 readings of 5); false without /proc. */
  public static boolean othersBusy() {
    int[] readings = new int[READINGS];
    for (int i = 0; i < READINGS; i++) {
      OptionalInt r = othersRunnable();
      if (r.isEmpty()) {
        return false;
      }
      readings[i] = r.getAsInt();
      if (i + 1 < READINGS) {
        LockSupport.parkNanos(GAP_MICROS * 1000);
      }
    }
    return busy(readings);
  }

  /** All readings but one find at least one other thread runnable. */
  static boolean busy(int[] readings) {
    int[] sorted = readings.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(1, sorted.length - 1)] >= 1;
  }

  /** One reading: runnable threads of other processes, or empty when /proc cannot be read. */
  static OptionalInt othersRunnable() {
    try {
      int machine = runnable(Files.readString(LOADAVG));
      int own = 0;
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
        for (Path task : tasks) {
          try {
            own += isRunning(Files.readString(task.resolve("stat"))) ? 1 : 0;
          } catch (IOException e) {
            // the thread ended between the listing and the read
          }
        }
      }
      return OptionalInt.of(machine - own);
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  /** The runnable threads of {@code /proc/loadavg} ("0.50 0.40 0.30 3/412 12345" gives 3). */
  static int runnable(String loadavg) {
    String[] fields = loadavg.trim().split("\\s+");
    return Integer.parseInt(fields[3].substring(0, fields[3].indexOf('/')));
  }

  /** Whether a {@code /proc/PID/task/TID/stat} line is of a thread in state R (its name may hold spaces and ')'). */
  static boolean isRunning(String stat) {
    int end = stat.lastIndexOf(')');
    return end >= 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'R';
  }
}
