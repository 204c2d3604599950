package tdpsim.main;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tdpsim.actors.cost.CostKey;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.cost.dist.Constant;
import tdpsim.actors.cost.dist.CostDistribution;
import tdpsim.actors.cost.dist.Empirical;
import tdpsim.actors.cost.dist.LogNormal;
import tdpsim.actors.cost.dist.Uniform;

/**
 * Reads {@code tdpsim.cost} into the immutable cost model, naming the file, the key and the expectation on a bad
 * value. A cost key is a duration ({@code 2us}) or an object: {@code { value = 2us }}, {@code { dist = lognormal,
 * median = 2us, p99 = 24us }}, {@code { dist = uniform, min = 1us, max = 3us }} or {@code { dist = empirical,
 * file = costs/x.csv }} (rows of value and weight; a relative file is found next to the scenario file). Each
 * object may carry {@code source}: where the default comes from, or {@code assumption}.
 */
public final class CostSettings {
  /** Keys of the queues, which are not durations: host memory zeroing bandwidth and page-request workers. */
  public static final String ZEROING_BANDWIDTH = "host.zeroing-bandwidth";
  public static final String PRQ_WORKERS = "iommu.prq-workers";

  private static final Set<String> FORM_KEYS = Set.of("value", "dist", "median", "p99", "min", "max", "file",
      "source");

  private CostSettings() {}

  /** One key as the reference or a scenario gives it: its distribution, and its source ("" when none). */
  public record Entry(String key, String display, String source, boolean assumption) {}

  public static CostModel from(Config config, String origin) {
    Config c = config.getConfig("tdpsim.cost");
    checkUnknown(c, origin);
    CostKey[] keys = CostKey.values();
    CostDistribution[] dists = new CostDistribution[keys.length];
    Path baseDir = baseDir(origin);
    for (CostKey k : keys) {
      dists[k.ordinal()] = dist(c, k.configName(), origin, baseDir);
    }
    long bandwidth = bandwidth(c, origin);
    int workers = workers(c, origin);
    long seed = 0;
    if (config.hasPath("tdpsim.scenario.seed")) {
      try {
        seed = config.getLong("tdpsim.scenario.seed");
      } catch (ConfigException e) {
        seed = 0; // the scenario loader reports a bad seed with its own message
      }
    }
    return CostModel.of(dists, bandwidth, workers, seed);
  }

  /** Every key of {@code tdpsim.cost} (durations and queue parameters) in reference order, with its source. */
  public static List<String> keys() {
    List<String> out = new ArrayList<>();
    for (CostKey k : CostKey.values()) {
      out.add(k.configName());
    }
    out.add(ZEROING_BANDWIDTH);
    out.add(PRQ_WORKERS);
    return out;
  }

  /** The source of {@code key} in {@code cost} (the {@code tdpsim.cost} object), or "" when it has none. */
  public static String source(Config cost, String key) {
    if (cost.hasPath(key) && cost.getValue(key).valueType() == ConfigValueType.OBJECT
        && cost.hasPath(key + ".source")) {
      return cost.getString(key + ".source");
    }
    return "";
  }

  /** True when the key's source says it is an assumption (starts with the word). */
  public static boolean isAssumption(String source) {
    return source.trim().toLowerCase(Locale.ROOT).startsWith("assumption");
  }

  /** Keys of {@code tdpsim.cost} whose source marks them as assumptions, in reference order. */
  public static List<String> assumptions(Config config) {
    Config c = config.getConfig("tdpsim.cost");
    List<String> out = new ArrayList<>();
    for (String k : keys()) {
      if (isAssumption(source(c, k))) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * The value of {@code key} multiplied by {@code factor}, as a config value a scenario could give (a duration
   * string, or a distribution object), for sensitivity runs.
   */
  public static Object scaled(Config config, String origin, String key, double factor) {
    Config c = config.getConfig("tdpsim.cost");
    if (key.equals(PRQ_WORKERS)) {
      return Math.max(1, (int) Math.round(workers(c, origin) * factor));
    }
    if (key.equals(ZEROING_BANDWIDTH)) {
      return Math.max(1, Math.round(bandwidth(c, origin) * factor)) + "B";
    }
    CostDistribution d = dist(c, key, origin, baseDir(origin)).scaled(factor);
    if (d instanceof Constant k) {
      return k.ns() + "ns";
    }
    Map<String, Object> m = new LinkedHashMap<>();
    if (d instanceof LogNormal l) {
      m.put("dist", "lognormal");
      m.put("median", l.medianNs() + "ns");
      m.put("p99", l.p99Ns() + "ns");
    } else if (d instanceof Uniform u) {
      m.put("dist", "uniform");
      m.put("min", u.minNs() + "ns");
      m.put("max", u.maxNs() + "ns");
    } else {
      throw new UserException(origin + ": tdpsim.cost." + key + ": an empirical cost cannot be scaled; give it"
          + " a source other than assumption or replace it by a lognormal");
    }
    if (!source(c, key).isEmpty()) {
      m.put("source", source(c, key));
    }
    return m;
  }

  /** The distribution of {@code key} as docs show it, e.g. {@code lognormal(median 2us, p99 24us)}. */
  public static String describe(Config config, String key) {
    Config c = config.getConfig("tdpsim.cost");
    if (key.equals(PRQ_WORKERS)) {
      return Integer.toString(workers(c, "reference.conf"));
    }
    if (key.equals(ZEROING_BANDWIDTH)) {
      return c.getValue(key).valueType() == ConfigValueType.OBJECT
          ? c.getValue(key + ".value").unwrapped() + "/s" : c.getValue(key).unwrapped() + "/s";
    }
    return dist(c, key, "reference.conf", Path.of("")).describe();
  }

  private static Path baseDir(String origin) {
    try {
      Path p = Path.of(origin).toAbsolutePath().getParent();
      return p != null && Files.isDirectory(p) ? p : Path.of("").toAbsolutePath();
    } catch (RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }

  private static void checkUnknown(Config c, String origin) {
    Set<String> known = new TreeSet<>();
    for (CostKey k : CostKey.values()) {
      known.add(k.configName());
    }
    for (String k : new TreeSet<>(c.root().keySet())) {
      if (k.equals("host") || k.equals("iommu")) {
        ConfigValue v = c.root().get(k);
        if (v.valueType() != ConfigValueType.OBJECT) {
          throw new UserException(origin + ": tdpsim.cost." + k + ": expected an object");
        }
        for (String sub : ((ConfigObject) v).keySet()) {
          String full = k + "." + sub;
          if (!full.equals(ZEROING_BANDWIDTH) && !full.equals(PRQ_WORKERS)) {
            throw new UserException(origin + ": tdpsim.cost." + full + ": unknown key; expected "
                + (k.equals("host") ? ZEROING_BANDWIDTH : PRQ_WORKERS));
          }
        }
      } else if (!known.contains(k)) {
        throw new UserException(origin + ": tdpsim.cost." + k + ": unknown cost key; keys are " + String.join(", ",
            keys()));
      }
    }
  }

  private static CostDistribution dist(Config c, String key, String origin, Path baseDir) {
    String where = origin + ": tdpsim.cost." + key;
    if (!c.hasPath(key)) {
      throw new UserException(where + ": missing; expected a duration such as 2us or a distribution object");
    }
    ConfigValue v = c.getValue(key);
    if (v.valueType() != ConfigValueType.OBJECT) {
      return new Constant(duration(c, key, where, "a duration such as 2us or 500ns, or a distribution object"));
    }
    Config o = ((ConfigObject) v).toConfig();
    ConfigObject obj = (ConfigObject) v;
    for (String k : obj.keySet()) {
      if (!FORM_KEYS.contains(k)) {
        throw new UserException(where + "." + k + ": unknown key; expected value, dist, median, p99, min, max,"
            + " file or source");
      }
    }
    String kind = o.hasPath("dist") ? o.getString("dist").trim().toLowerCase(Locale.ROOT) : "constant";
    List<String> own = switch (kind) {
      case "constant" -> List.of("value");
      case "lognormal" -> List.of("median", "p99");
      case "uniform" -> List.of("min", "max");
      case "empirical" -> List.of("file");
      default -> throw new UserException(where + ".dist = " + kind
          + ": expected constant, lognormal, uniform or empirical");
    };
    // Keys of another form are leftovers of the reference's default merged under a scenario's override (HOCON
    // merges objects); keys of another form that the scenario itself wrote are a mistake.
    for (String k : obj.keySet()) {
      if (!own.contains(k) && !k.equals("dist") && !k.equals("source") && !fromReference(obj.get(k).origin())) {
        throw new UserException(where + "." + k + ": does not belong to dist = " + kind + "; expected "
            + String.join(" and ", own) + (kind.equals("constant") ? " (or set dist)" : ""));
      }
    }
    try {
      return switch (kind) {
        case "constant" -> new Constant(duration(o, "value", where + ".value", "a duration such as 2us"));
        case "lognormal" -> {
          long median = duration(o, "median", where + ".median", "a duration such as 2us");
          long p99 = duration(o, "p99", where + ".p99", "a duration such as 20us");
          if (median <= 0 || p99 < median) {
            throw new UserException(where + ": lognormal needs 0 < median <= p99, got median " + median
                + "ns, p99 " + p99 + "ns");
          }
          yield new LogNormal(median, p99);
        }
        case "uniform" -> {
          long min = duration(o, "min", where + ".min", "a duration such as 1us");
          long max = duration(o, "max", where + ".max", "a duration such as 3us");
          if (max < min) {
            throw new UserException(where + ": uniform needs min <= max, got min " + min + "ns, max " + max + "ns");
          }
          yield new Uniform(min, max);
        }
        default -> empirical(o, where, baseDir);
      };
    } catch (IllegalArgumentException e) {
      throw new UserException(where + ": " + e.getMessage());
    }
  }

  private static boolean fromReference(ConfigOrigin origin) {
    return origin != null && origin.resource() != null && origin.resource().endsWith("reference.conf");
  }

  private static CostDistribution empirical(Config o, String where, Path baseDir) {
    if (!o.hasPath("file")) {
      throw new UserException(where + ".file: missing; expected a CSV file of value,weight rows");
    }
    String name = o.getString("file");
    Path file = baseDir.resolve(name);
    if (!Files.isReadable(file)) {
      throw new UserException(where + ".file = " + name + ": cannot read " + file);
    }
    List<Long> values = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
    mapper.enable(CsvParser.Feature.TRIM_SPACES);
    try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class)
        .with(CsvSchema.emptySchema()).readValues(file.toFile())) {
      int row = 0;
      while (it.hasNext()) {
        List<String> cols = it.next();
        row++;
        if (cols.isEmpty() || cols.get(0).startsWith("#")) {
          continue;
        }
        if (row == 1 && cols.get(0).equalsIgnoreCase("value")) {
          continue; // header
        }
        if (cols.size() != 2) {
          throw new UserException(where + ".file = " + name + ": row " + row + ": expected value,weight");
        }
        String at = where + ".file = " + name + ": row " + row;
        values.add(valueNs(cols.get(0), at));
        weights.add(weight(cols.get(1), at));
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserException u) {
        throw u;
      }
      throw new UserException(where + ".file = " + name + ": not a CSV of value,weight rows: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    if (values.isEmpty()) {
      throw new UserException(where + ".file = " + name + ": no rows; expected value,weight rows");
    }
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    double[] w = weights.stream().mapToDouble(Double::doubleValue).toArray();
    try {
      return new Empirical(name, v, w);
    } catch (IllegalArgumentException e) {
      throw new UserException(where + ".file = " + name + ": " + e.getMessage());
    }
  }

  /** An empirical distribution's value column, {@code at} naming the file and row for the error. */
  private static long valueNs(String text, String at) {
    try {
      return parseDuration(text).toNanos();
    } catch (RuntimeException e) {
      throw new UserException(at + ": value " + text + ": expected a duration such as 2us or a number of ns");
    }
  }

  /** An empirical distribution's weight column, {@code at} naming the file and row for the error. */
  private static double weight(String text, String at) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UserException(at + ": weight " + text + ": expected a number >= 0");
    }
  }

  /** A duration in HOCON's form (2us, 500ns, 1.5ms) or a bare number of nanoseconds. */
  private static Duration parseDuration(String s) {
    if (s.matches("[0-9]+")) {
      return Duration.ofNanos(Long.parseLong(s));
    }
    Config one = com.typesafe.config.ConfigFactory.parseString("d = \"" + s.replace("\"", "") + "\"");
    return one.getDuration("d");
  }

  private static long duration(Config c, String key, String where, String expected) {
    Duration d;
    try {
      if (!c.hasPath(key)) {
        throw new UserException(where + ": missing; expected " + expected);
      }
      d = c.getDuration(key);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new UserException(where + ": expected " + expected);
    }
    if (d.isNegative()) {
      throw new UserException(where + " = " + d.toNanos() + "ns: must not be negative");
    }
    return d.toNanos();
  }

  private static long bandwidth(Config c, String origin) {
    String where = origin + ": tdpsim.cost." + ZEROING_BANDWIDTH;
    String path = c.hasPath(ZEROING_BANDWIDTH) && c.getValue(ZEROING_BANDWIDTH).valueType()
        == ConfigValueType.OBJECT ? ZEROING_BANDWIDTH + ".value" : ZEROING_BANDWIDTH;
    if (!c.hasPath(path)) {
      return 0;
    }
    try {
      long b = c.getBytes(path);
      if (b < 0) {
        throw new UserException(where + ": must not be negative");
      }
      return b;
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new UserException(where + ": expected bytes per second such as 25GiB (0 = unlimited)");
    }
  }

  private static int workers(Config c, String origin) {
    String where = origin + ": tdpsim.cost." + PRQ_WORKERS;
    String path = c.hasPath(PRQ_WORKERS) && c.getValue(PRQ_WORKERS).valueType() == ConfigValueType.OBJECT
        ? PRQ_WORKERS + ".value" : PRQ_WORKERS;
    if (!c.hasPath(path)) {
      return 1;
    }
    try {
      int n = c.getInt(path);
      if (n < 1) {
        throw new UserException(where + " = " + n + ": expected a whole number >= 1");
      }
      return n;
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new UserException(where + ": expected a whole number >= 1");
    }
  }
}
