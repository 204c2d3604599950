package tdpsim.main.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import tdpsim.main.UserException;

/**
 * Which threads run the parallel engine's actors ({@code tdpsim.engine.executor}): the {@link SpinningExecutor},
 * Pekko's fork-join pool, or (default) the spinning executor unless other processes keep the cores busy when a
 * design starts ({@link CoreLoad}), and how many worker threads (0 = one per available core).
 *
 * @param spinNanos how long an idle spinning worker waits for work before it parks
 * @param stealAfterNanos how long an idle spinning worker waits before it runs an actor homed on another worker
 */
public record ExecutorSettings(Kind kind, int threads, long spinNanos, long stealAfterNanos) {
  /** The executor kinds. */
  public enum Kind {
    /** Spinning, unless other processes keep the cores busy when a design starts: then fork-join. */
    AUTO("auto"),
    SPINNING("spinning"),
    FORK_JOIN("fork-join");

    private final String configName;

    Kind(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  private static final String PREFIX = "tdpsim.engine.executor.";

  /** Reads and checks {@code tdpsim.engine.executor}; a bad value is a one-line {@link UserException}. */
  public static ExecutorSettings from(Config config, String origin) {
    String k = string(config, origin, "kind");
    Kind kind = switch (k.toLowerCase(Locale.ROOT)) {
      case "auto" -> Kind.AUTO;
      case "spinning" -> Kind.SPINNING;
      case "fork-join" -> Kind.FORK_JOIN;
      default -> throw new UserException(origin + ": " + PREFIX + "kind = " + k + ": expected auto, spinning or fork-join");
    };
    int threads;
    try {
      threads = config.getInt(PREFIX + "threads");
    } catch (ConfigException e) {
      throw new UserException(origin + ": " + PREFIX + "threads: expected a whole number (0 = one per core)");
    }
    if (threads < 0) {
      throw new UserException(origin + ": " + PREFIX + "threads = " + threads + ": must be 0 or more");
    }
    return new ExecutorSettings(kind, threads, duration(config, origin, "spin"),
        duration(config, origin, "steal-after"));
  }

  /** The settings of the reference configuration (and -D overrides). */
  public static ExecutorSettings defaults() {
    return from(ConfigFactory.defaultReference(), "reference.conf");
  }

  private static String string(Config config, String origin, String key) {
    try {
      return config.getString(PREFIX + key);
    } catch (ConfigException e) {
      throw new UserException(origin + ": " + PREFIX + key + ": expected auto, spinning or fork-join");
    }
  }

  private static long duration(Config config, String origin, String key) {
    Duration d;
    try {
      d = config.getDuration(PREFIX + key);
    } catch (ConfigException e) {
      throw new UserException(origin + ": " + PREFIX + key + ": expected a duration such as 50us");
    }
    if (d.isNegative()) {
      throw new UserException(origin + ": " + PREFIX + key + " = " + d + ": must not be negative");
    }
    return d.toNanos();
  }

  /** The same settings with {@code n} worker threads. */
  public ExecutorSettings withThreads(int n) {
    return new ExecutorSettings(kind, n, spinNanos, stealAfterNanos);
  }

  /**
   * The kind a design runs on: {@code auto} becomes spinning, or fork-join when more than one worker would run and
   * {@code othersBusy} says other processes keep the cores busy (asked only then); the others stay as they are.
   */
  public ExecutorSettings resolved(BooleanSupplier othersBusy) {
    if (kind != Kind.AUTO) {
      return this;
    }
    Kind k = effectiveThreads() > 1 && othersBusy.getAsBoolean() ? Kind.FORK_JOIN : Kind.SPINNING;
    return new ExecutorSettings(k, threads, spinNanos, stealAfterNanos);
  }

  /** Worker threads this machine gets: {@link #threads()}, or one per available core when it is 0. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /**
   * The Pekko default-dispatcher settings for these workers. With one worker there is nothing to hand over and
   * no home to keep, so spinning gives way to fork-join (which measured faster on one thread).
   */
  public Config dispatcherConfig() {
    int n = effectiveThreads();
    Kind k = n == 1 ? Kind.FORK_JOIN : kind;
    String body = switch (k) {
      case AUTO, SPINNING -> "executor = \"" + SpinningExecutorConfigurator.class.getName() + "\"\n"
          + "spinning-executor { threads = " + n + ", spin = " + spinNanos + "ns, steal-after = " + stealAfterNanos
          + "ns }\n";
      case FORK_JOIN -> "executor = \"fork-join-executor\"\n"
          + "fork-join-executor { parallelism-min = " + n + ", parallelism-max = " + n + " }\n";
    };
    return ConfigFactory.parseString("pekko.actor.default-dispatcher {\n" + body + "}");
  }
}
