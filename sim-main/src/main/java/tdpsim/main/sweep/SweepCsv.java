package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.List;
import tdpsim.main.report.LatencySummary;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;
import tdpsim.main.work.WorkItem;

/**
 * {@code sweep.csv}: one row per finished item (point x design) in item order. Columns: {@code point}, one per
 * axis (its value), {@code mode}, {@code seed}, {@code status}, {@code problem}, {@code refusedReason}, table
 * sizes, {@code pinnedBytes}, every counter, p50/p99 per latency kind, {@code invariantViolations}. RFC 4180 with
 * CRLF line ends, like {@code report.csv}; wall-clock figures are left out so equal sweeps give equal files.
 */
final class SweepCsv {
  static final String FILE_NAME = "sweep.csv";

  private SweepCsv() {}

  static String render(SweepResult result) {
    SweepPlan plan = result.plan();
    SweepMetrics metrics = SweepMetrics.of(result);
    List<String> header = new ArrayList<>();
    header.add("point");
    plan.axes().forEach(a -> header.add(a.name()));
    header.add("mode");
    header.add("seed");
    if (plan.repeat() > 1) {
      header.add("replication");
    }
    header.addAll(List.of("status", "problem", "refusedReason",
        "tables.tdp.pages", "tables.tdp.bytes", "tables.iommu.pages", "tables.iommu.bytes",
        "tables.total.pages", "tables.total.bytes", "pinnedBytes"));
    metrics.counters().forEach(c -> header.add("counters." + c));
    for (String k : metrics.latencyKinds()) {
      header.add("latencyNs." + k + ".p50");
      header.add("latencyNs." + k + ".p99");
    }
    header.add("invariantViolations");
    StringBuilder out = new StringBuilder();
    row(out, header);
    for (PointResult r : result.results()) {
      WorkItem item = r.item();
      SweepPoint p = plan.pointOf(item);
      List<String> cells = new ArrayList<>(header.size());
      cells.add(Integer.toString(p.index()));
      for (int a = 0; a < plan.axes().size(); a++) {
        cells.add(plan.label(p, a));
      }
      cells.add(item.mode().configName());
      cells.add(Long.toString(item.seed()));
      if (plan.repeat() > 1) {
        cells.add(Integer.toString(plan.replicationOf(item)));
      }
      cells.add(r.status());
      cells.add(r.problem() == null ? "" : r.problem());
      ModeReport m = r.result() == null ? null : r.result().report();
      boolean figures = m != null && !m.isRefused();
      cells.add(m == null || m.refusedReason() == null ? "" : m.refusedReason());
      cells.add(figures ? Long.toString(m.tdp().pages()) : "");
      cells.add(figures ? Long.toString(m.tdp().bytes()) : "");
      TableReport iommu = figures ? m.iommu() : null;
      cells.add(iommu == null ? "" : Long.toString(iommu.pages()));
      cells.add(iommu == null ? "" : Long.toString(iommu.bytes()));
      cells.add(figures ? Long.toString(m.totalTablePages()) : "");
      cells.add(figures ? Long.toString(m.totalTableBytes()) : "");
      cells.add(figures ? Long.toString(m.pinnedBytes()) : "");
      for (String c : metrics.counters()) {
        Long v = figures ? m.counters().get(c) : null;
        cells.add(v == null ? "" : v.toString());
      }
      for (String k : metrics.latencyKinds()) {
        LatencySummary s = figures ? m.latencyNs().get(k) : null;
        cells.add(s == null ? "" : Long.toString(s.p50()));
        cells.add(s == null ? "" : Long.toString(s.p99()));
      }
      cells.add(m == null ? "" : Integer.toString(m.invariantViolations().size()));
      row(out, cells);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(escape(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String escape(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\r') < 0 && cell.indexOf('\n') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
