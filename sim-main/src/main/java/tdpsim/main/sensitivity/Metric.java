package tdpsim.main.sensitivity;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tdpsim.main.report.LatencySummary;
import tdpsim.main.report.ModeReport;

/**
 * A headline metric: one number per design, lower is better. {@link #value} is null when the design has no such
 * figure (no samples of that latency kind, no migration).
 */
public record Metric(String name, String description, Function<ModeReport, Double> extractor) {

  /** The headline metrics, in report order. */
  public static final List<Metric> HEADLINE = List.of(
      latency("vcpuFault", "p50"),
      latency("vcpuFault", "p99"),
      latency("devicePageRequest", "p99"),
      latency("dma", "p99"),
      latency("invalidation", "p99"),
      new Metric("vmStartNs", "VM start-up time (pin + map or prefault), ns",
          m -> m.counters().containsKey("vmStartNs") ? (double) m.counter("vmStartNs") : null),
      migration("totalNs", "live migration total time, ns"),
      migration("downtimeNs", "live migration downtime, ns"));

  public Double value(ModeReport report) {
    if (report == null || report.isRefused()) {
      return null;
    }
    return extractor.apply(report);
  }

  private static Metric latency(String kind, String quantile) {
    return new Metric(kind + "." + quantile, kind + " latency " + quantile + ", virtual ns", m -> {
      LatencySummary s = m.latencyNs().get(kind);
      if (s == null || s.count() == 0) {
        return null;
      }
      return (double) (quantile.equals("p50") ? s.p50() : s.p99());
    });
  }

  private static Metric migration(String field, String description) {
    return new Metric("migration." + field, description, m -> {
      if (m.extra().get("migration") instanceof Map<?, ?> mig && mig.get(field) instanceof Number n) {
        return n.doubleValue();
      }
      return null;
    });
  }
}
