package tdpsim.main.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A redrawn progress bar for an interactive terminal: percentage and ETA from the bar itself, events per second
 * and simulated time per wall second in its extra message. The bar library redraws on its own thread.
 */
final class BarProgress implements Progress {
  private final Clock clock;
  private ProgressBar bar;
  private Instant startedAt;

  BarProgress(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void start(String task, long total) {
    finish();
    startedAt = clock.instant();
    bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total > 0 ? total : -1)
            .setStyle(ProgressBarStyle.ASCII)
            .setMaxRenderedLength(120)
            .setUpdateIntervalMillis(250)
            .build();
  }

  @Override
  public void step(long done, long events, long virtualNs) {
    if (bar == null) {
      return;
    }
    bar.stepTo(done);
    bar.setExtraMessage(Rates.describe(events, virtualNs, Duration.between(startedAt, clock.instant())));
  }

  @Override
  public void finish() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
