package tdpsim.main.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code results.csv}: every figure of every design as one row (tidy long form), for pandas, R or a spreadsheet
 * pivot. Columns: {@code run, design, replication, vm, metric, value, unit, note}, then one column per swept
 * parameter. {@code value} is always a number (bytes in bytes, times in ns); {@code vm} is empty for figures of the
 * whole machine; {@code note} holds a refused design's reason (its one row is {@code refused = 1}).
 *
 * <p>The same writer serves {@code run} (one run, no parameters), {@code sweep} (one {@code run} per point, the
 * swept values as columns) and any command that compares runs: open it with the parameter names, then
 * {@link #add} each design's report.
 */
public final class ResultsCsv implements Closeable {
  public static final String FILE_NAME = "results.csv";

  /** The fixed columns, before the parameters. */
  public static final List<String> COLUMNS =
      List.of("run", "design", "replication", "vm", "metric", "value", "unit", "note");

  private final CsvTables table;
  private final List<String> parameters;

  private ResultsCsv(CsvTables table, List<String> parameters) {
    this.table = table;
    this.parameters = List.copyOf(parameters);
  }

  /**
   * A writer on {@code out}; writes the header unless {@code append} (adding rows to an existing file).
   *
   * @param parameters the swept parameter names, each a column after the fixed ones
   */
  public static ResultsCsv open(OutputStream out, List<String> parameters, boolean append) throws IOException {
    List<String> columns = new ArrayList<>(COLUMNS);
    columns.addAll(parameters);
    return new ResultsCsv(CsvTables.open(out, columns, !append), parameters);
  }

  /** Writes the results of every design of {@code report}, run name = scenario, replication 0. */
  public static void write(RunReport report, OutputStream out) throws IOException {
    try (ResultsCsv csv = open(out, List.of(), false)) {
      for (ModeReport m : report.modes().values()) {
        csv.add(report.scenario(), Map.of(), 0, m);
      }
    }
  }

  /**
   * Adds every figure of one design.
   *
   * @param run the run's name (scenario, sweep point, ...)
   * @param values the value of each parameter, by name; a missing one is empty
   * @param replication the replication number (0 when runs are not repeated)
   */
  public void add(String run, Map<String, String> values, int replication, ModeReport m) throws IOException {
    Emitter e = (vm, metric, value, unit, note) -> {
      List<Object> row = new ArrayList<>(COLUMNS.size() + parameters.size());
      row.add(run);
      row.add(m.mode());
      row.add(replication);
      row.add(vm);
      row.add(metric);
      row.add(value);
      row.add(unit);
      row.add(note);
      parameters.forEach(p -> row.add(values.get(p)));
      table.row(row);
    };
    if (m.isRefused()) {
      e.emit(null, "refused", 1L, "flag", m.refusedReason());
      return;
    }
    tables(e, m);
    for (Map.Entry<String, Long> c : m.counters().entrySet()) {
      e.emit(null, "counters." + c.getKey(), c.getValue(), CounterCatalogue.unit(c.getKey()), null);
    }
    for (Map.Entry<String, Long> z : m.zapsByCause().entrySet()) {
      e.emit(null, "zapsByCause." + z.getKey(), z.getValue(), "zaps", null);
    }
    latencies(e, m);
    e.emit(null, "invariantViolations", (long) m.invariantViolations().size(), "violations", null);
    MigrationFigures mig = MigrationFigures.of(m);
    if (mig != null) {
      migration(e, null, mig.totals());
      for (MigrationFigures.Vm vm : mig.vms()) {
        migration(e, vm.vm(), vm);
        rounds(e, vm);
      }
    }
  }

  private static void tables(Emitter e, ModeReport m) throws IOException {
    e.emit(null, "tables.tdp.pages", m.tdp().pages(), "pages", null);
    e.emit(null, "tables.tdp.bytes", m.tdp().bytes(), "bytes", null);
    if (m.iommu() != null) {
      e.emit(null, "tables.iommu.pages", m.iommu().pages(), "pages", null);
      e.emit(null, "tables.iommu.bytes", m.iommu().bytes(), "bytes", null);
    }
    e.emit(null, "tables.total.pages", m.totalTablePages(), "pages", null);
    e.emit(null, "tables.total.bytes", m.totalTableBytes(), "bytes", null);
    e.emit(null, "pinnedBytes", m.pinnedBytes(), "bytes", null);
  }

  private static void latencies(Emitter e, ModeReport m) throws IOException {
    for (Map.Entry<String, LatencySummary> l : m.latencyNs().entrySet()) {
      LatencySummary s = l.getValue();
      String base = "latencyNs." + l.getKey() + ".";
      e.emit(null, base + "count", s.count(), "samples", null);
      e.emit(null, base + "p50", s.p50(), "ns", null);
      e.emit(null, base + "p99", s.p99(), "ns", null);
      e.emit(null, base + "max", s.max(), "ns", null);
      e.emit(null, base + "mean", s.mean(), "ns", null);
    }
  }

  private static void rounds(Emitter e, MigrationFigures.Vm vm) throws IOException {
    for (MigrationFigures.Round r : vm.perRound()) {
      String base = "migration.round." + r.round() + ".";
      e.emit(vm.vm(), base + "pagesSent", r.pagesSent(), "pages", null);
      e.emit(vm.vm(), base + "dirtyReported", r.dirtyReported(), "pages", null);
      e.emit(vm.vm(), base + "dirtiedByCpu", r.dirtiedByCpu(), "pages", null);
      e.emit(vm.vm(), base + "dirtiedByDevice", r.dirtiedByDevice(), "pages", null);
      e.emit(vm.vm(), base + "dirtiedByBoth", r.dirtiedByBoth(), "pages", null);
      e.emit(vm.vm(), base + "harvestNs", r.harvestNs(), "ns", null);
      e.emit(vm.vm(), base + "durationNs", r.durationNs(), "ns", null);
    }
  }

  private static void migration(Emitter e, Integer vm, MigrationFigures.Vm figures) throws IOException {
    for (String[] metric : MigrationFigures.METRICS) {
      e.emit(vm, "migration." + metric[0], MigrationFigures.metric(figures, metric[0]), metric[1], null);
    }
  }

  /** Pushes the rows written so far to the stream (an appending sweep keeps each finished item). */
  public void flush() throws IOException {
    table.flush();
  }

  @Override
  public void close() throws IOException {
    table.close();
  }

  private interface Emitter {
    void emit(Integer vm, String metric, Number value, String unit, String note) throws IOException;
  }
}
