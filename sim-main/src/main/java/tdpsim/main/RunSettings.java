package tdpsim.main;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Locale;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.main.engine.ExecutorSettings;

/**
 * The engine settings of a run, read once from {@code tdpsim.engine}, {@code tdpsim.cost} and {@code tdpsim.kvm}:
 * costs, window,
 * what to do on a violation, fault injection, whether the run is deterministic, and the threads that run it.
 */
public record RunSettings(CostModel costs, long windowNs, boolean stopOnViolation,
    SimConfig.FaultInjection faultInjection, boolean deterministic, ExecutorSettings executor,
    SimConfig.Kvm kvm, java.time.Duration watchdog) {

  /** The default wall time without progress that ends a run (reference.conf: tdpsim.engine.watchdog). */
  public static final java.time.Duration DEFAULT_WATCHDOG = java.time.Duration.ofSeconds(300);

  /** Settings with the default {@code tdpsim.kvm} and watchdog. */
  public RunSettings(CostModel costs, long windowNs, boolean stopOnViolation,
      SimConfig.FaultInjection faultInjection, boolean deterministic, ExecutorSettings executor) {
    this(costs, windowNs, stopOnViolation, faultInjection, deterministic, executor, SimConfig.Kvm.DEFAULTS,
        DEFAULT_WATCHDOG);
  }

  /** Settings with the default watchdog. */
  public RunSettings(CostModel costs, long windowNs, boolean stopOnViolation,
      SimConfig.FaultInjection faultInjection, boolean deterministic, ExecutorSettings executor,
      SimConfig.Kvm kvm) {
    this(costs, windowNs, stopOnViolation, faultInjection, deterministic, executor, kvm, DEFAULT_WATCHDOG);
  }

  public static RunSettings from(Config config, String origin, boolean deterministic) {
    CostModel costs = CostSettings.from(config, origin);
    long window;
    try {
      window = config.getDuration("tdpsim.engine.window").toNanos();
    } catch (ConfigException e) {
      throw new UserException(origin + ": tdpsim.engine.window: expected a duration such as 20us");
    }
    if (window <= 0) {
      throw new UserException(origin + ": tdpsim.engine.window = " + window + "ns: must be positive");
    }
    boolean stop;
    try {
      stop = config.getBoolean("tdpsim.engine.stop-on-violation");
    } catch (ConfigException e) {
      throw new UserException(origin + ": tdpsim.engine.stop-on-violation: expected true or false");
    }
    String fi = config.getString("tdpsim.engine.fault-injection");
    SimConfig.FaultInjection injection = switch (fi.toLowerCase(Locale.ROOT)) {
      case "none" -> SimConfig.FaultInjection.NONE;
      case "skip-iotlb-invalidation" -> SimConfig.FaultInjection.SKIP_IOTLB_INVALIDATION;
      case "skip-tlb-flush" -> SimConfig.FaultInjection.SKIP_TLB_FLUSH;
      case "skip-devtlb-flush" -> SimConfig.FaultInjection.SKIP_DEVTLB_FLUSH;
      case "skip-drain-wait" -> SimConfig.FaultInjection.SKIP_DRAIN_WAIT;
      default -> throw new UserException(origin + ": tdpsim.engine.fault-injection = " + fi
          + ": expected none, skip-iotlb-invalidation, skip-tlb-flush, skip-devtlb-flush or skip-drain-wait");
    };
    java.time.Duration watchdog;
    try {
      watchdog = config.getDuration("tdpsim.engine.watchdog");
    } catch (ConfigException e) {
      throw new UserException(origin + ": tdpsim.engine.watchdog: expected a duration such as 300s (0 = off)");
    }
    if (watchdog.isNegative()) {
      throw new UserException(origin + ": tdpsim.engine.watchdog = " + watchdog.toSeconds()
          + "s: expected a duration >= 0 (0 = off)");
    }
    SimConfig.Kvm kvm = new SimConfig.Kvm(bool(config, "tdpsim.kvm.slot-zap-all", origin),
        bool(config, "tdpsim.kvm.skip-zap-exported", origin));
    return new RunSettings(costs, window, stop, injection, deterministic, ExecutorSettings.from(config, origin),
        kvm, watchdog);
  }

  private static boolean bool(Config config, String key, String origin) {
    try {
      return config.getBoolean(key);
    } catch (ConfigException e) {
      throw new UserException(origin + ": " + key + ": expected true or false");
    }
  }
}
