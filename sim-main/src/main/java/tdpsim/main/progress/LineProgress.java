package tdpsim.main.progress;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Plain progress lines for logs and CI, where a redrawn bar would be noise: at most one line per second, plus one
 * final line at {@link #finish()}.
 */
final class LineProgress implements Progress {
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final PrintStream out;
  private final Clock clock;
  private String task = "";
  private long total;
  private Instant startedAt;
  private Instant lastLineAt;
  private long done;
  private long events;
  private long virtualNs;
  private boolean running;

  LineProgress(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void start(String task, long total) {
    this.task = task;
    this.total = total;
    this.startedAt = clock.instant();
    this.lastLineAt = startedAt;
    this.done = 0;
    this.events = 0;
    this.virtualNs = 0;
    this.running = true;
  }

  @Override
  public void step(long done, long events, long virtualNs) {
    if (!running) {
      return;
    }
    this.done = done;
    this.events = events;
    this.virtualNs = virtualNs;
    Instant now = clock.instant();
    if (Duration.between(lastLineAt, now).compareTo(INTERVAL) >= 0) {
      lastLineAt = now;
      out.println(line(now, false));
    }
  }

  @Override
  public void finish() {
    if (!running) {
      return;
    }
    running = false;
    out.println(line(clock.instant(), true));
    out.flush();
  }

  private String line(Instant now, boolean finished) {
    Duration elapsed = Duration.between(startedAt, now);
    StringBuilder sb = new StringBuilder("[").append(task).append("] ");
    if (total > 0) {
      sb.append(String.format(Locale.ROOT, "%5.1f%% (%d/%d)", 100.0 * done / total, done, total));
    } else {
      sb.append(done).append(" done");
    }
    sb.append(", ").append(Rates.describe(events, virtualNs, elapsed));
    if (finished) {
      sb.append(", finished in ").append(Rates.duration(elapsed));
    } else {
      Duration eta = Rates.eta(done, total, elapsed);
      if (eta != null) {
        sb.append(", ETA ").append(Rates.duration(eta));
      }
    }
    return sb.toString();
  }
}
