package tdpsim.main.progress;

import java.io.PrintStream;
import java.time.Clock;

/**
 * Reports how far a run has got: work units done out of a total, events processed and virtual time simulated.
 * Calls come from the one thread driving the run; implementations are not thread-safe.
 */
public interface Progress extends AutoCloseable {

  /** Begins a task of {@code total} work units; {@code total <= 0} means unknown (no percentage or ETA). */
  void start(String task, long total);

  /**
   * Records progress so far: all three figures are cumulative since {@link #start}.
   *
   * @param done work units done
   * @param events simulated events processed
   * @param virtualNs virtual time simulated, ns
   */
  void step(long done, long events, long virtualNs);

  /** Ends the task and leaves the display clean; calling it again has no effect. */
  void finish();

  /** Same as {@link #finish()}, so a progress can sit in try-with-resources. */
  @Override
  default void close() {
    finish();
  }

  /**
   * The progress display for this process: nothing when {@code quiet}, a progress bar when {@code terminal}, else
   * plain lines on stderr at most once a second.
   */
  static Progress create(boolean quiet, boolean terminal) {
    return create(quiet, terminal, System.err, Clock.systemUTC());
  }

  /** As {@link #create(boolean, boolean)}, with the line output and the wall clock given (tests). */
  static Progress create(boolean quiet, boolean terminal, PrintStream lines, Clock clock) {
    if (quiet) {
      return QuietProgress.INSTANCE;
    }
    return terminal ? new BarProgress(clock) : new LineProgress(lines, clock);
  }

  /** True when the JVM has an interactive console, the usual value for {@code terminal}. */
  static boolean isTerminal() {
    return System.console() != null;
  }
}
