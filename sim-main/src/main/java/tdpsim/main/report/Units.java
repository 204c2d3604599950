package tdpsim.main.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/** Number formatting shared by the reporters; everything uses {@link Locale#ROOT} so output is host-independent. */
final class Units {
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Units() {}

  /** Bytes in binary units with two decimals: {@code 512 B}, {@code 1.50 GiB}. */
  static String bytes(long bytes) {
    if (Math.abs(bytes) < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f %s", value, BYTE_UNITS[unit]);
  }

  /** Virtual nanoseconds in the largest unit that keeps the value at least 1: {@code 850 ns}, {@code 1.20 us}. */
  static String nanos(long ns) {
    if (ns < 1_000) {
      return ns + " ns";
    } else if (ns < 1_000_000) {
      return String.format(Locale.ROOT, "%.2f us", ns / 1e3);
    } else if (ns < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
  }

  /** A count with thousands separators: {@code 12,345}. */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** A ratio against the baseline: {@code 0.50x}. */
  static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2fx", ratio);
  }

  /**
   * A double for machine-readable output: plain decimal notation (never an exponent), at most three fractional
   * digits, no trailing zeros; {@code null} for NaN and infinities, which JSON cannot carry.
   */
  static String plain(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return null;
    }
    String text =
        BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    return text.equals("-0") ? "0" : text;
  }
}
