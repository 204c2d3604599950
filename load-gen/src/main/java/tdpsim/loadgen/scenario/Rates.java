package tdpsim.loadgen.scenario;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses data rates: {@code <number><unit>}. A unit ending in "bit" or a lower-case "b" counts bits (10Gbit/s,
 * 10Gb, 10Gbps: link speeds), one ending in an upper-case "B" counts bytes (1.25GB/s, 100MiB/s). Prefixes k, M,
 * G, T are decimal (1000^n) and Ki, Mi, Gi, Ti binary (1024^n); "/s" or "ps" may follow. A bare number is bytes per
 * second. The result is bytes per second of virtual time, rounded down.
 */
public final class Rates {
  private static final Pattern RATE =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([a-z]*?)(?:/s|ps)?", Pattern.CASE_INSENSITIVE);

  private Rates() {}

  /** Bytes per second for the text, or empty when it is not a rate in the documented syntax. */
  public static OptionalLong parseBytesPerSec(String text) {
    Matcher m = RATE.matcher(text.trim());
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    double number = Double.parseDouble(m.group(1));
    String unit = m.group(2);
    boolean bits;
    String prefix;
    if (unit.isEmpty()) {
      bits = false;
      prefix = "";
    } else if (unit.endsWith("bit") || unit.endsWith("b")) {
      // lower-case b is bits (10Gb, 10Gbit, 10Gbps), as link speeds are written
      bits = true;
      prefix = unit.substring(0, unit.length() - (unit.endsWith("bit") ? 3 : 1));
    } else if (unit.endsWith("B")) {
      bits = false;
      prefix = unit.substring(0, unit.length() - 1);
    } else {
      return OptionalLong.empty();
    }
    double multiplier;
    switch (prefix.toLowerCase(Locale.ROOT)) {
      case "" -> multiplier = 1;
      case "k" -> multiplier = 1e3;
      case "m" -> multiplier = 1e6;
      case "g" -> multiplier = 1e9;
      case "t" -> multiplier = 1e12;
      case "ki" -> multiplier = 1L << 10;
      case "mi" -> multiplier = 1L << 20;
      case "gi" -> multiplier = 1L << 30;
      case "ti" -> multiplier = 1L << 40;
      default -> {
        return OptionalLong.empty();
      }
    }
    double bytes = number * multiplier / (bits ? 8 : 1);
    if (bytes >= Long.MAX_VALUE) {
      return OptionalLong.empty();
    }
    return OptionalLong.of((long) bytes);
  }
}
