package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.List;
import tdpsim.main.report.CsvTables;
import tdpsim.main.report.LatencySummary;
import tdpsim.main.report.MigrationFigures;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;
import tdpsim.main.work.WorkItem;

/**
 * {@code sweep.csv}: one row per finished item (point x design) in item order. Columns: {@code point}, one per
 * axis (its value), {@code mode}, {@code seed}, {@code status}, {@code problem}, {@code refusedReason}, table
 * sizes, {@code pinnedBytes}, every counter, p50/p99 per latency kind, {@code invariantViolations} and, when
 * any design migrated, {@code migration.*} totals. Written with {@link CsvTables}: RFC 4180 with
 * CRLF line ends, like {@code report.csv}; wall-clock figures are left out so equal sweeps give equal files.
 */
final class SweepCsv {
  static final String FILE_NAME = "sweep.csv";

  private SweepCsv() {}

  static String render(SweepResult result) {
    SweepPlan plan = result.plan();
    SweepMetrics metrics = SweepMetrics.of(result);
    boolean migration = result.results().stream()
        .anyMatch(r -> r.result() != null && MigrationFigures.of(r.result().report()) != null);
    List<String> header = header(plan, metrics, migration);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (CsvTables out = CsvTables.open(bytes, header, true)) {
      for (PointResult r : result.results()) {
        out.row(row(plan, metrics, migration, r, header.size()));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static List<String> header(SweepPlan plan, SweepMetrics metrics, boolean migration) {
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
    if (migration) {
      MigrationFigures.METRICS.forEach(metric -> header.add("migration." + metric[0]));
    }
    return header;
  }

  /** One finished item's row: where it is in the sweep, its status, then its report's figures. */
  private static List<String> row(SweepPlan plan, SweepMetrics metrics, boolean migration, PointResult r,
      int width) {
    WorkItem item = r.item();
    SweepPoint p = plan.pointOf(item);
    List<String> cells = new ArrayList<>(width);
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
    addFigures(cells, r.result() == null ? null : r.result().report(), metrics, migration);
    return cells;
  }

  /** The report's columns of a row; blank where the item has no report or its design was refused. */
  private static void addFigures(List<String> cells, ModeReport m, SweepMetrics metrics, boolean migration) {
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
    if (migration) {
      MigrationFigures f = figures ? MigrationFigures.of(m) : null;
      for (String[] metric : MigrationFigures.METRICS) {
        cells.add(f == null ? "" : Long.toString(MigrationFigures.metric(f.totals(), metric[0])));
      }
    }
  }
}
