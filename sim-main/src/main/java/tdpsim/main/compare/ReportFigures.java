package tdpsim.main.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import tdpsim.main.report.MetricSet;
import tdpsim.main.stats.Summary;

/**
 * A report.json read back for comparison: per design, the figures under the names of {@link MetricSet}, and the
 * replication summaries when the report has them.
 *
 * @param scenario the scenario name
 * @param hash the provenance hash, or null for a report without provenance
 * @param figures design name to figure name to value (the first replication when replicated)
 * @param summaries design name to figure name to summary; empty when the report is not replicated
 * @param provenance the report's whole provenance object (build, Java, resolved scenario and cost model, seeds,
 *     replications, hash), or a missing node for a report without one
 */
record ReportFigures(String scenario, String hash, Map<String, Map<String, Double>> figures,
    Map<String, Map<String, Summary>> summaries, JsonNode provenance) {

  static ReportFigures of(JsonNode report) {
    Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = report.path("modes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().path("refusedReason").isNull() && !e.getValue().path("refusedReason").isMissingNode()) {
        continue;
      }
      figures.put(e.getKey(), figuresOf(e.getValue()));
    }
    Map<String, Map<String, Summary>> summaries = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = report.path("replications").path("modes").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> mode = it.next();
      Map<String, Summary> s = new LinkedHashMap<>();
      mode.getValue().fields().forEachRemaining(f -> s.put(f.getKey(), summary(f.getValue())));
      summaries.put(mode.getKey(), s);
    }
    JsonNode hash = report.path("provenance").path("hash");
    return new ReportFigures(report.path("scenario").asText(""), hash.isTextual() ? hash.asText() : null, figures,
        summaries, report.path("provenance"));
  }

  boolean replicated() {
    return !summaries.isEmpty();
  }

  /** One design's figures from its report.json object, named as {@link MetricSet#of} names them. */
  static Map<String, Double> figuresOf(JsonNode mode) {
    Map<String, Double> out = new LinkedHashMap<>();
    JsonNode tdp = mode.path("tables").path("tdp");
    JsonNode iommu = mode.path("tables").path("iommu");
    double tdpBytes = tdp.path("bytes").asDouble(0);
    double iommuBytes = iommu.path("bytes").asDouble(0);
    out.put("tables.tdpBytes", tdpBytes);
    out.put("tables.iommuBytes", iommuBytes);
    out.put(MetricSet.TABLE_BYTES, tdpBytes + iommuBytes);
    out.put("tables.totalPages", tdp.path("pages").asDouble(0) + iommu.path("pages").asDouble(0));
    out.put(MetricSet.PINNED_BYTES, mode.path("pinnedBytes").asDouble(0));
    JsonNode c = mode.path("counters");
    out.put(MetricSet.FAULTS, c.path("vcpuFaults").asDouble(0) + c.path("devicePageRequests").asDouble(0)
        + c.path("dmaFaults").asDouble(0));
    out.put(MetricSet.INVALIDATIONS, c.path("iotlbInvalidations").asDouble(0)
        + c.path("devtlbInvalidations").asDouble(0));
    c.fields().forEachRemaining(e -> out.put("counters." + e.getKey(), e.getValue().asDouble()));
    mode.path("zapsByCause").fields().forEachRemaining(e -> out.put("zapsByCause." + e.getKey(),
        e.getValue().asDouble()));
    mode.path("latencyNs").fields().forEachRemaining(e -> {
      for (String p : new String[] {"p50", "p99", "max", "mean"}) {
        if (e.getValue().path(p).isNumber()) {
          out.put("latencyNs." + e.getKey() + "." + p, e.getValue().path(p).asDouble());
        }
      }
    });
    JsonNode mig = mode.path("migration");
    for (String f : new String[] {"rounds", "pagesSent", "totalNs", "downtimeNs", "lostWrites"}) {
      if (mig.path(f).isNumber()) {
        out.put("migration." + f, mig.path(f).asDouble());
      }
    }
    mode.path("normalised").fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        out.put("normalised." + e.getKey(), e.getValue().asDouble());
      }
    });
    if (mode.path("virtualNs").isNumber()) {
      out.put("virtualNs", mode.path("virtualNs").asDouble());
    }
    return out;
  }

  private static Summary summary(JsonNode s) {
    return new Summary(s.path("n").asInt(), number(s.path("mean")), number(s.path("sd")), number(s.path("ciLow")),
        number(s.path("ciHigh")));
  }

  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : Double.NaN;
  }
}
