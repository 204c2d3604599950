package tdpsim.loadgen.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed reads from one object of a scenario, each failure turned into a one-line {@link ScenarioException} that
 * names the file, the full key path (list elements as {@code vms[0]}), the value and what was expected.
 */
final class ConfigReader {
  private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F_]+");
  private static final int MAX_RENDERED = 60;

  private final String origin;
  private final Config config;
  private final String path;
  /** What the user wrote in this list element itself, or null when not inside a list element. */
  private final Config own;
  /** Path of the defaults object the element falls back to (used when the element does not set a key). */
  private final String fallbackPath;

  ConfigReader(String origin, Config config, String path) {
    this(origin, config, path, null, null);
  }

  private ConfigReader(String origin, Config config, String path, Config own, String fallbackPath) {
    this.origin = origin;
    this.config = config;
    this.path = path;
    this.own = own;
    this.fallbackPath = fallbackPath;
  }

  String origin() {
    return origin;
  }

  Config config() {
    return config;
  }

  /** The full display path of the key, e.g. {@code tdpsim.scenario.vms[0].vcpus}. */
  String at(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * An error about the key: {@code origin: path = value: what}. The path is where the value came from: the list
   * element when it sets the key, else the defaults object it fell back to.
   */
  ScenarioException error(String key, String what) {
    String value = config.hasPathOrNull(key) ? render(config.getValue(key)) : null;
    boolean fromDefaults = own != null && fallbackPath != null && !own.hasPathOrNull(key);
    return errorAt(origin, fromDefaults ? fallbackPath + "." + key : at(key), value, what);
  }

  static ScenarioException errorAt(String origin, String fullPath, String renderedValue, String what) {
    String valuePart = renderedValue == null ? "" : " = " + renderedValue;
    return new ScenarioException(origin + ": " + fullPath + valuePart + ": " + what);
  }

  /**
   * The value as the user wrote it where possible: strings bare (empty as ""), objects as {@code { ... }}, the
   * rest as concise HOCON.
   */
  static String render(ConfigValue value) {
    String text;
    if (value == null) {
      text = "null";
    } else if (value.valueType() == ConfigValueType.STRING) {
      text = (String) value.unwrapped();
      text = text.isEmpty() ? "\"\"" : text;
    } else if (value.valueType() == ConfigValueType.OBJECT) {
      text = "{ ... }";
    } else {
      text = value.render(ConfigRenderOptions.concise().setJson(false));
    }
    text = text.replace('\n', ' ');
    return text.length() > MAX_RENDERED ? text.substring(0, MAX_RENDERED) + "..." : text;
  }

  private ConfigValue require(String key, String expected) {
    if (!config.hasPath(key)) {
      throw errorAt(origin, at(key), null, "missing; expected " + expected);
    }
    return config.getValue(key);
  }

  int intAtLeast(String key, int min) {
    String expected = "an integer >= " + min;
    require(key, expected);
    int value;
    try {
      requireIntegral(key);
      value = config.getInt(key);
    } catch (ConfigException | NumberFormatException e) {
      throw error(key, "expected " + expected);
    }
    if (value < min) {
      throw error(key, "expected " + expected);
    }
    return value;
  }

  long longValue(String key) {
    require(key, "an integer");
    try {
      requireIntegral(key);
      return config.getLong(key);
    } catch (ConfigException | NumberFormatException e) {
      throw error(key, "expected an integer");
    }
  }

  /**
   * Typesafe's getInt and getLong truncate 1.5 to 1 without a word; a whole number is expected, so a fraction
   * (written as a number or as a string) is refused here.
   */
  private void requireIntegral(String key) {
    ConfigValue value = config.getValue(key);
    Object raw = value.unwrapped();
    if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      if (d != Math.rint(d) || Double.isInfinite(d)) {
        throw new NumberFormatException("not a whole number");
      }
    } else if (raw instanceof String text && !text.trim().matches("[+-]?[0-9]+")) {
      throw new NumberFormatException("not a whole number");
    }
  }

  boolean bool(String key) {
    require(key, "true or false");
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      throw error(key, "expected true or false");
    }
  }

  String string(String key) {
    ConfigValue value = require(key, "a string");
    if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
      throw error(key, "expected a string");
    }
    return config.getString(key);
  }

  double doubleValue(String key) {
    require(key, "a number");
    try {
      return config.getDouble(key);
    } catch (ConfigException e) {
      throw error(key, "expected a number");
    }
  }

  /** A probability: a number in [0, 1]. */
  double ratio(String key) {
    double value = doubleValue(key);
    if (!(value >= 0.0 && value <= 1.0)) {
      throw error(key, "expected a number in [0, 1]");
    }
    return value;
  }

  /** A size in bytes: Typesafe units (4KiB, 2MiB) or a plain number; hex strings ("0x1000") for addresses. */
  long bytes(String key) {
    String expected = "a size in bytes (e.g. 4KiB, 2MiB, 1GiB, or 0x40000000)";
    ConfigValue value = require(key, expected);
    try {
      if (value.valueType() == ConfigValueType.STRING) {
        String text = ((String) value.unwrapped()).trim();
        if (HEX.matcher(text).matches()) {
          return Long.parseLong(text.substring(2).replace("_", ""), 16);
        }
      }
      if (value.valueType() == ConfigValueType.NUMBER) {
        // getBytes rejects negative numbers with its own wording; let the caller say what range is expected.
        return config.getLong(key);
      }
      return config.getBytes(key);
    } catch (ConfigException | NumberFormatException e) {
      throw error(key, "expected " + expected);
    }
  }

  /** A size in bytes that must be > 0. */
  long positiveBytes(String key) {
    long value = bytes(key);
    if (value <= 0) {
      throw error(key, "expected a size > 0");
    }
    return value;
  }

  /** A virtual duration in nanoseconds, >= 0 (> 0 when {@code positive}). */
  long durationNs(String key, boolean positive) {
    String expected = positive ? "a duration > 0 (e.g. 200us, 5ms)" : "a duration >= 0 (e.g. 0, 100ns, 1ms)";
    require(key, expected);
    long ns;
    try {
      ns = config.getDuration(key, TimeUnit.NANOSECONDS);
    } catch (ConfigException e) {
      throw error(key, "expected " + expected);
    }
    if (ns < 0 || (positive && ns == 0)) {
      throw error(key, "expected " + expected);
    }
    return ns;
  }

  /** A data rate (see {@link Rates}) in bytes per second, > 0. */
  long rateBytesPerSec(String key) {
    String expected = "a rate > 0 such as 10Gbit/s, 1.25GB/s or 100MiB/s";
    ConfigValue value = require(key, expected);
    OptionalLong rate = value.valueType() == ConfigValueType.NUMBER
        ? OptionalLong.of(config.getLong(key))
        : value.valueType() == ConfigValueType.STRING
            ? Rates.parseBytesPerSec((String) value.unwrapped())
            : OptionalLong.empty();
    if (rate.isEmpty() || rate.getAsLong() <= 0) {
      throw error(key, "expected " + expected);
    }
    return rate.getAsLong();
  }

  /** A name from a closed set; an unknown name lists the valid ones. */
  <E> E named(String key, Function<String, Optional<E>> lookup, String validNames) {
    String name = string(key);
    return lookup.apply(name).orElseThrow(() -> error(key, "expected one of " + validNames));
  }

  /** The strings of a list of scalars. */
  List<String> stringList(String key) {
    require(key, "a list");
    try {
      return config.getStringList(key);
    } catch (ConfigException e) {
      throw error(key, "expected a list of names");
    }
  }

  /** The reader of a nested object. */
  ConfigReader child(String key) {
    require(key, "an object");
    try {
      Config ownChild = own == null ? null : own.hasPath(key) ? own.getConfig(key) : ConfigFactory.empty();
      String fallbackChild = fallbackPath == null ? null : fallbackPath + "." + key;
      return new ConfigReader(origin, config.getConfig(key), at(key), ownChild, fallbackChild);
    } catch (ConfigException e) {
      throw error(key, "expected an object");
    }
  }

  /**
   * Readers of the objects in a list, each merged over {@code fallback} (found at {@code fallbackPath} in the
   * scenario, or null for a built-in fallback), with paths {@code key[i]}.
   */
  List<ConfigReader> elements(String key, Config fallback, String fallbackPath) {
    require(key, "a list of objects");
    ConfigList list;
    try {
      list = config.getList(key);
    } catch (ConfigException e) {
      throw error(key, "expected a list of objects");
    }
    List<ConfigReader> readers = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      ConfigValue element = list.get(i);
      String elementPath = at(key) + "[" + i + "]";
      if (element.valueType() != ConfigValueType.OBJECT) {
        throw errorAt(origin, elementPath, render(element), "expected an object { ... }");
      }
      Config elementConfig = ((ConfigObject) element).toConfig();
      readers.add(new ConfigReader(origin, elementConfig.withFallback(fallback), elementPath,
          fallbackPath == null ? null : elementConfig, fallbackPath));
    }
    return readers;
  }
}
