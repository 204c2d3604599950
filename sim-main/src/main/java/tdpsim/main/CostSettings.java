package tdpsim.main;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import tdpsim.actors.cost.CostModel;

/** Reads {@code tdpsim.cost} into the immutable cost model, naming the key and the file on a bad value. */
public final class CostSettings {
  private CostSettings() {}

  public static CostModel from(Config config, String origin) {
    Config c = config.getConfig("tdpsim.cost");
    return new CostModel(
        ns(c, "tlb-hit", origin), ns(c, "tdp-walk", origin), ns(c, "vm-exit", origin), ns(c, "tdp-fault", origin),
        ns(c, "page-alloc-4k", origin), ns(c, "page-alloc-2m", origin), ns(c, "page-alloc-1g", origin),
        ns(c, "remote-tlb-flush", origin), ns(c, "remote-tlb-flush-per-vcpu", origin),
        ns(c, "iotlb-invalidate-psi", origin), ns(c, "iotlb-invalidate-dsi", origin),
        ns(c, "devtlb-invalidate", origin), ns(c, "iommu-walk", origin), ns(c, "pri-request", origin),
        ns(c, "pri-response", origin), ns(c, "drain", origin), ns(c, "pin-map-4k", origin),
        ns(c, "prefault-4k", origin), ns(c, "harvest-per-entry", origin), ns(c, "mmu-notifier", origin),
        ns(c, "zap-per-leaf", origin), ns(c, "split", origin), ns(c, "invept", origin),
        ns(c, "pasid-entry-update", origin), ns(c, "dirty-log-clear-per-page", origin));
  }

  private static long ns(Config c, String key, String origin) {
    Duration d;
    try {
      d = c.getDuration(key);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new UserException(origin + ": tdpsim.cost." + key + ": expected a duration such as 2us or 500ns");
    }
    if (d.isNegative()) {
      throw new UserException(origin + ": tdpsim.cost." + key + " = " + d.toNanos() + "ns: must not be negative");
    }
    return d.toNanos();
  }
}
