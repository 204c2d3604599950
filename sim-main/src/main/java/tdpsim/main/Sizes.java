package tdpsim.main;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import tdpsim.protocol.PageSize;

/** Parsing and printing of sizes given on the command line, with the units configs use. */
public final class Sizes {
  private Sizes() {}

  public static long parseBytes(String option, String value) {
    try {
      long b = ConfigFactory.parseString("v = \"" + value.replace("\"", "") + "\"").getBytes("v");
      if (b <= 0) {
        throw new UserException(option + " " + value + ": must be positive");
      }
      return b;
    } catch (ConfigException e) {
      throw new UserException(option + " " + value + ": expected a size such as 4GiB or 2MiB");
    }
  }

  public static PageSize parsePageSize(String option, String value) {
    long b = parseBytes(option, value);
    return PageSize.ofBytes(b).orElseThrow(() ->
        new UserException(option + " " + value + ": expected 4KiB, 2MiB or 1GiB"));
  }

  /** Bytes in binary units with three significant digits, e.g. {@code 128.3 MiB}. */
  public static String human(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format("%.1f %s", v, units[u]);
  }
}
