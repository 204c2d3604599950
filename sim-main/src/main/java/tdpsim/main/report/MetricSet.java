package tdpsim.main.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One design's figures as a flat map from a dotted name to a number, the unit over which replications are
 * summarised and reports compared: {@code tables.totalBytes}, {@code pinnedBytes}, {@code counters.<name>},
 * {@code zapsByCause.<cause>}, {@code latencyNs.<kind>.p50|p99|max|mean}, {@code migration.<figure>},
 * {@code normalised.<figure>}, {@code virtualNs}.
 */
public final class MetricSet {
  public static final String TABLE_BYTES = "tables.totalBytes";
  public static final String PINNED_BYTES = "pinnedBytes";
  public static final String MIGRATION_DOWNTIME = "migration.downtimeNs";
  public static final String MIGRATION_PAGES_SENT = "migration.pagesSent";
  public static final String MIGRATION_LOST_WRITES = "migration.lostWrites";
  /** Faults of every kind: vCPU faults, device page requests and fatal DMA faults. */
  public static final String FAULTS = "derived.faults";
  /** IOTLB plus device-TLB invalidations. */
  public static final String INVALIDATIONS = "derived.invalidations";

  private MetricSet() {}

  /** Every figure of a design that ran, in a fixed order; empty for a refused design. */
  public static Map<String, Double> of(ModeReport m) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (m.isRefused()) {
      return out;
    }
    out.put("tables.tdpBytes", (double) m.tdp().bytes());
    out.put("tables.iommuBytes", (double) (m.iommu() == null ? 0 : m.iommu().bytes()));
    out.put(TABLE_BYTES, (double) m.totalTableBytes());
    out.put("tables.totalPages", (double) m.totalTablePages());
    out.put(PINNED_BYTES, (double) m.pinnedBytes());
    out.put(FAULTS, (double) (m.counter("vcpuFaults") + m.counter("devicePageRequests") + m.counter("dmaFaults")));
    out.put(INVALIDATIONS, (double) (m.counter("iotlbInvalidations") + m.counter("devtlbInvalidations")));
    m.counters().forEach((k, v) -> out.put("counters." + k, (double) v));
    m.zapsByCause().forEach((k, v) -> out.put("zapsByCause." + k, (double) v));
    m.latencyNs().forEach((k, s) -> {
      out.put("latencyNs." + k + ".p50", (double) s.p50());
      out.put("latencyNs." + k + ".p99", (double) s.p99());
      out.put("latencyNs." + k + ".max", (double) s.max());
      out.put("latencyNs." + k + ".mean", s.mean());
    });
    if (m.extra().get("migration") instanceof Map<?, ?> mig) {
      for (String f : new String[] {"rounds", "pagesSent", "totalNs", "downtimeNs", "lostWrites"}) {
        if (mig.get(f) instanceof Number n) {
          out.put("migration." + f, n.doubleValue());
        }
      }
    }
    Normalised.from(m).forEach((k, v) -> out.put(Normalised.KEY + "." + k, v));
    if (m.extra().get("virtualNs") instanceof Number n) {
      out.put("virtualNs", n.doubleValue());
    }
    return out;
  }
}
