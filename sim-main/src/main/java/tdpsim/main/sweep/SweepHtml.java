package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.report.HtmlReporter;
import tdpsim.main.report.MigrationFigures;
import tdpsim.main.report.ModeReport;

/**
 * {@code sweep.html}: one self-contained page with the sweep's parameters, one row per point (its values, each
 * design's page-table bytes and faults, and the best design), and the sweep charts as inline PNG.
 *
 * <p>The best design of a point is the one with the fewest page-table bytes among those that ran complete and
 * sound; with migrations, the one with the shortest downtime is named too. Refused designs show their reason.
 */
final class SweepHtml {
  static final String FILE_NAME = "sweep.html";

  private SweepHtml() {}

  static String render(SweepResult result, List<SweepCharts.Named> charts) {
    SweepPlan plan = result.plan();
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>tdpsim sweep: ")
        .append(esc(plan.name())).append("</title>\n<style>").append(HtmlReporter.STYLE)
        .append("td.best{font-weight:bold;color:#1b5e20}</style>\n</head>\n<body>\n");
    sb.append("<h1>tdpsim sweep: ").append(esc(plan.name())).append("</h1>\n");
    sb.append("<p>scenario ").append(esc(plan.scenario())).append(" &middot; ").append(plan.points().size())
        .append(" points &times; ").append(plan.modes().size()).append(" designs &middot; base seed ")
        .append(plan.baseSeed()).append(plan.deterministic() ? " &middot; deterministic" : "").append("</p>\n");
    if (result.complete()) {
      sb.append("<div class=\"ok\">Complete sweep</div>\n");
    } else {
      sb.append("<div class=\"banner\">Incomplete sweep: ").append(esc(String.valueOf(result.incompleteReason())))
          .append("</div>\n");
    }
    sb.append("<h2>Parameters</h2>\n<table class=\"comparison\">\n<thead><tr><th>Parameter</th><th>Key</th>"
        + "<th>Values</th></tr></thead>\n<tbody>\n");
    for (SweepAxis a : plan.axes()) {
      sb.append("<tr><td>").append(esc(SweepCharts.humanName(a.name()))).append("</td><td><code>")
          .append(esc(a.name())).append("</code></td><td>").append(esc(String.join(", ", a.labels())))
          .append("</td></tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
    appendPoints(result, sb);
    if (!charts.isEmpty()) {
      sb.append("<h2>Charts</h2>\n");
      for (SweepCharts.Named c : charts) {
        sb.append("<img alt=\"").append(esc(c.title())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(ChartReporter.toPng(c.chart()))).append("\">\n");
      }
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void appendPoints(SweepResult result, StringBuilder sb) {
    SweepPlan plan = result.plan();
    Map<Integer, Map<String, PointResult>> byPoint = new LinkedHashMap<>();
    for (PointResult r : result.results()) {
      byPoint.computeIfAbsent(plan.pointOf(r.item()).index(), k -> new LinkedHashMap<>())
          .put(r.item().mode().configName(), r);
    }
    boolean migration = result.results().stream()
        .anyMatch(r -> r.result() != null && MigrationFigures.of(r.result().report()) != null);
    sb.append("<h2>Points</h2>\n<p>Each cell: total page-table bytes (TDP + IOMMU) / vCPU faults + device page "
        + "requests. Best: the fewest table bytes among the designs that ran complete and sound");
    sb.append(migration ? "; and the shortest migration downtime" : "").append(".</p>\n");
    sb.append("<table class=\"comparison\">\n<thead><tr><th>Point</th>");
    plan.axes().forEach(a -> sb.append("<th>").append(esc(SweepCharts.humanName(a.name()))).append("</th>"));
    plan.modes().forEach(m -> sb.append("<th>").append(esc(m.configName())).append("</th>"));
    sb.append("<th>Best (bytes)</th>").append(migration ? "<th>Best (downtime)</th>" : "").append("</tr></thead>\n");
    sb.append("<tbody>\n");
    for (SweepPoint p : plan.points()) {
      Map<String, PointResult> row = byPoint.getOrDefault(p.index(), Map.of());
      sb.append("<tr><td>").append(p.index()).append("</td>");
      for (int a = 0; a < plan.axes().size(); a++) {
        sb.append("<td class=\"v\">").append(esc(plan.label(p, a))).append("</td>");
      }
      List<String> bestBytes = best(row, m -> (double) m.totalTableBytes());
      for (var mode : plan.modes()) {
        PointResult r = row.get(mode.configName());
        String name = mode.configName();
        if (r == null) {
          sb.append("<td class=\"v\">not run</td>");
        } else if (r.result() == null) {
          sb.append("<td class=\"v refused\" title=\"").append(esc(r.problem())).append("\">failed</td>");
        } else if (r.result().report().isRefused()) {
          sb.append("<td class=\"v refused\" title=\"").append(esc(r.result().report().refusedReason()))
              .append("\">refused: ").append(esc(r.result().report().refusedReason())).append("</td>");
        } else {
          ModeReport m = r.result().report();
          sb.append("<td class=\"v").append(bestBytes.contains(name) ? " best" : "").append("\">")
              .append(esc(bytes(m.totalTableBytes()))).append(" / ")
              .append(String.format(java.util.Locale.ROOT, "%,d",
                  m.counter("vcpuFaults") + m.counter("devicePageRequests")))
              .append(r.problem() == null ? "" : " (" + esc(r.status()) + ")").append("</td>");
        }
      }
      sb.append("<td>").append(esc(bestBytes.isEmpty() ? "-" : String.join(", ", bestBytes))).append("</td>");
      if (migration) {
        List<String> bestDown = best(row, m -> {
          MigrationFigures f = MigrationFigures.of(m);
          return f == null ? Double.NaN : (double) f.totals().downtimeNs();
        });
        sb.append("<td>").append(esc(bestDown.isEmpty() ? "-" : String.join(", ", bestDown))).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
  }

  /** The designs with the smallest value among those complete, not refused and without violations. */
  private static List<String> best(Map<String, PointResult> row,
      java.util.function.ToDoubleFunction<ModeReport> metric) {
    double min = Double.POSITIVE_INFINITY;
    List<String> out = new ArrayList<>();
    for (PointResult r : row.values()) {
      if (r.result() == null || r.problem() != null || r.result().report().isRefused()
          || !r.result().report().invariantViolations().isEmpty()) {
        continue;
      }
      double v = metric.applyAsDouble(r.result().report());
      if (Double.isNaN(v)) {
        continue;
      }
      if (v < min) {
        min = v;
        out.clear();
      }
      if (v == min) {
        out.add(r.item().mode().configName());
      }
    }
    return out;
  }

  private static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.2f %s", v, units[u]);
  }

  private static String esc(String s) {
    return HtmlReporter.escape(s == null ? "" : s);
  }
}
