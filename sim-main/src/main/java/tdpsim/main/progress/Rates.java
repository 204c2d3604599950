package tdpsim.main.progress;

import java.time.Duration;
import java.util.Locale;

/** Formats the rates and ETA both displays show. */
final class Rates {
  private Rates() {}

  /** {@code 1.23M events/s, sim 3.40 ms/s}: event rate and virtual time simulated per wall second. */
  static String describe(long events, long virtualNs, Duration elapsed) {
    double seconds = Math.max(elapsed.toNanos(), 1) / 1e9;
    return scaled(events / seconds) + " events/s, sim " + virtualTime(virtualNs / seconds) + "/s";
  }

  /** Linear estimate of the time left, or {@code null} when it cannot be known yet. */
  static Duration eta(long done, long total, Duration elapsed) {
    if (total <= 0 || done <= 0 || done >= total) {
      return total > 0 && done >= total ? Duration.ZERO : null;
    }
    double perUnitNanos = (double) elapsed.toNanos() / done;
    return Duration.ofNanos((long) (perUnitNanos * (total - done)));
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }

  static String scaled(double value) {
    if (value >= 1e9) {
      return String.format(Locale.ROOT, "%.2fG", value / 1e9);
    } else if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", value / 1e6);
    } else if (value >= 1e3) {
      return String.format(Locale.ROOT, "%.2fk", value / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", value);
  }

  static String virtualTime(double ns) {
    if (ns >= 1e9) {
      return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    } else if (ns >= 1e6) {
      return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    } else if (ns >= 1e3) {
      return String.format(Locale.ROOT, "%.2f us", ns / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f ns", ns);
  }
}
