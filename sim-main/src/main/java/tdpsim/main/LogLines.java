package tdpsim.main;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * A {@link PrintStream} whose every line goes to a logger at INFO, for code that reports progress to a stream
 * (the bench): its lines then follow {@code --log-level} like every other diagnostic.
 */
final class LogLines extends OutputStream {
  private final Logger log;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private LogLines(Logger log) {
    this.log = log;
  }

  /** A print stream that logs each line it is given to {@code log} at INFO. */
  static PrintStream info(Logger log) {
    return new PrintStream(new LogLines(log), true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else if (b != '\r') {
      line.write(b);
    }
  }

  @Override
  public synchronized void flush() {
    // A line is logged when it ends; a partial line waits for its end (or close).
  }

  @Override
  public synchronized void close() {
    if (line.size() > 0) {
      emit();
    }
  }

  private void emit() {
    if (log.isInfoEnabled()) {
      log.info(line.toString(StandardCharsets.UTF_8));
    }
    line.reset();
  }
}
