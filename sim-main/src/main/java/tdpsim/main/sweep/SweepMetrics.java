package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tdpsim.main.report.ModeReport;

/** The counter names and latency kinds any finished item reported, in report order (well-known first). */
record SweepMetrics(List<String> counters, List<String> latencyKinds) {

  static SweepMetrics of(SweepResult result) {
    Set<String> counters = new LinkedHashSet<>();
    Set<String> kinds = new LinkedHashSet<>();
    for (PointResult r : result.results()) {
      if (r.result() != null) {
        counters.addAll(r.result().report().counters().keySet());
        kinds.addAll(r.result().report().latencyNs().keySet());
      }
    }
    return new SweepMetrics(order(counters, ModeReport.COUNTER_ORDER),
        order(kinds, ModeReport.LATENCY_KIND_ORDER));
  }

  private static List<String> order(Set<String> names, List<String> known) {
    List<String> out = new ArrayList<>();
    for (String k : known) {
      if (names.contains(k)) {
        out.add(k);
      }
    }
    for (String n : new TreeSet<>(names)) {
      if (!known.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }
}
