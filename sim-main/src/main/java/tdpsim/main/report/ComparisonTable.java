package tdpsim.main.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The designs side by side, as rows of already-formatted cells: the one layout that the terminal table and the
 * HTML page both render, so they can never disagree.
 *
 * <p>A cell is {@code "-"} when the design did not report the figure, and {@code "refused"} when the design
 * refused to run; the refusal reasons, invariant violations and simulator figures go to {@link #notes()}.
 */
final class ComparisonTable {
  static final String MISSING = "-";
  static final String REFUSED = "refused";
  static final String SHARED = "shared";

  /** One line of the table; a row with {@code cells == null} is a section heading. */
  record Row(String label, List<String> cells) {
    boolean isSection() {
      return cells == null;
    }
  }

  private final List<String> modes;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private ComparisonTable(List<String> modes) {
    this.modes = List.copyOf(modes);
  }

  List<String> modes() {
    return modes;
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  static ComparisonTable of(RunReport report) {
    List<ModeReport> reports = List.copyOf(report.modes().values());
    ComparisonTable table = new ComparisonTable(List.copyOf(report.modes().keySet()));
    table.addTables(report, reports);
    table.addMigration(reports);
    table.addCounters(reports);
    table.addNormalised(reports);
    table.addLatencies(reports);
    table.addViolations(reports);
    table.addNotes(report, reports);
    return table;
  }

  private void addTables(RunReport report, List<ModeReport> reports) {
    section("Page tables");
    row("TDP pages", reports, m -> Units.count(m.tdp().pages()));
    row("IOMMU pages", reports, m -> m.isShared() ? SHARED : Units.count(m.iommu().pages()));
    row("Total pages", reports, m -> Units.count(m.totalTablePages()));
    row("TDP bytes", reports, m -> Units.bytes(m.tdp().bytes()));
    row("IOMMU bytes", reports, m -> m.isShared() ? SHARED : Units.bytes(m.iommu().bytes()));
    row("Total bytes", reports, m -> Units.bytes(m.totalTableBytes()));
    Set<Integer> levels = new TreeSet<>();
    reports.stream().filter(m -> !m.isRefused()).forEach(m -> levels.addAll(m.tdp().pagesByLevel().keySet()));
    reports.stream().filter(m -> m.iommu() != null).forEach(m -> levels.addAll(m.iommu().pagesByLevel().keySet()));
    for (int level : levels) {
      row("TDP L" + level + " pages", reports, m -> levelCell(m.tdp().pagesByLevel(), level));
    }
    if (reports.stream().anyMatch(m -> m.iommu() != null)) {
      for (int level : levels) {
        row(
            "IOMMU L" + level + " pages",
            reports,
            m -> m.isShared() ? SHARED : levelCell(m.iommu().pagesByLevel(), level));
      }
    }
    ModeReport baseline = report.baseline();
    if (baseline != null && baseline.totalTableBytes() > 0) {
      double base = baseline.totalTableBytes();
      row(
          "Bytes vs " + RunReport.BASELINE_MODE,
          reports,
          m -> Units.ratio(m.totalTableBytes() / base));
    }
    row("Pinned bytes", reports, m -> Units.bytes(m.pinnedBytes()));
  }

  /** Live-migration totals per design, and per VM when more than one VM migrated. */
  private void addMigration(List<ModeReport> reports) {
    List<MigrationFigures> figures = new ArrayList<>();
    int vms = 0;
    for (ModeReport m : reports) {
      MigrationFigures f = m.isRefused() ? null : MigrationFigures.of(m);
      figures.add(f);
      vms = Math.max(vms, f == null ? 0 : f.vms().size());
    }
    if (figures.stream().allMatch(f -> f == null)) {
      return;
    }
    section("Live migration");
    migrationRows("", reports, figures, f -> f.totals());
    if (vms > 1) {
      for (int i = 0; i < vms; i++) {
        int vm = i;
        migrationRows("VM " + vm + " ", reports, figures,
            f -> vm < f.vms().size() ? f.vms().get(vm) : null);
      }
    }
  }

  private void migrationRows(String prefix, List<ModeReport> reports, List<MigrationFigures> figures,
      Function<MigrationFigures, MigrationFigures.Vm> pick) {
    Function<ModeReport, MigrationFigures.Vm> vm = m -> {
      MigrationFigures f = figures.get(reports.indexOf(m));
      return f == null ? null : pick.apply(f);
    };
    row(prefix + "Rounds", reports, m -> vm.apply(m) == null ? MISSING : Units.count(vm.apply(m).rounds()));
    row(prefix + "Pages sent", reports,
        m -> vm.apply(m) == null ? MISSING : Units.count(vm.apply(m).pagesSent()));
    row(prefix + "Total time", reports,
        m -> vm.apply(m) == null ? MISSING : Units.nanos(vm.apply(m).totalNs()));
    row(prefix + "Downtime", reports,
        m -> vm.apply(m) == null ? MISSING : Units.nanos(vm.apply(m).downtimeNs()));
    row(prefix + "Lost writes", reports,
        m -> vm.apply(m) == null ? MISSING : Units.count(vm.apply(m).lostWrites()));
    row(prefix + "Finished", reports,
        m -> vm.apply(m) == null ? MISSING : vm.apply(m).finished() ? "yes" : "no");
  }

  private void addCounters(List<ModeReport> reports) {
    section("Events");
    List<String> folded = new ArrayList<>();
    for (String name : ModeReport.canonicalNames(union(reports, ModeReport::counters), ModeReport.COUNTER_ORDER)) {
      if (zeroEverywhere(reports, m -> m.counters().get(name))) {
        folded.add(name);
        continue;
      }
      row(name, reports, m -> countCell(m.counters(), name));
    }
    Set<String> causes = new TreeSet<>(union(reports, ModeReport::zapsByCause));
    causes.removeIf(cause -> {
      boolean zero = zeroEverywhere(reports, m -> m.zapsByCause().get(cause));
      if (zero) {
        folded.add("zap " + cause);
      }
      return zero;
    });
    if (!causes.isEmpty()) {
      section("Zaps by cause");
      for (String cause : causes) {
        row("zap " + cause, reports, m -> countCell(m.zapsByCause(), cause));
      }
    }
    if (!folded.isEmpty()) {
      notes.add("folded, zero in every design: " + String.join(", ", folded));
    }
  }

  /** The figures per unit of work, next to the raw counts (see {@link Normalised}). */
  private void addNormalised(List<ModeReport> reports) {
    Set<String> names = new LinkedHashSet<>();
    reports.forEach(m -> names.addAll(Normalised.from(m).keySet()));
    if (names.isEmpty()) {
      return;
    }
    section("Per unit of work");
    for (String name : names) {
      row(NORMALISED_LABELS.getOrDefault(name, name), reports, m -> {
        Double v = Normalised.from(m).get(name);
        if (v == null) {
          return MISSING;
        }
        return switch (name) {
          case Normalised.TABLE_BYTES_PER_GIB_TOUCHED -> Units.bytes(Math.round(v));
          case Normalised.VIRTUAL_NS_PER_ACCESS -> String.format(java.util.Locale.ROOT, "%,.1f ns", v);
          default -> String.format(java.util.Locale.ROOT, "%,.2f", v);
        };
      });
    }
  }

  private static final Map<String, String> NORMALISED_LABELS = Map.of(
      Normalised.FAULTS_PER_1K_ACCESSES, "faults per 1k accesses",
      Normalised.VIRTUAL_NS_PER_ACCESS, "virtual ns per access",
      Normalised.INVALIDATIONS_PER_GIB_DMA, "invalidations per GiB DMA",
      Normalised.TABLE_BYTES_PER_GIB_TOUCHED, "table bytes per GiB touched");

  private static boolean zeroEverywhere(List<ModeReport> reports, Function<ModeReport, Long> value) {
    for (ModeReport m : reports) {
      if (m.isRefused()) {
        continue;
      }
      Long v = value.apply(m);
      if (v != null && v != 0) {
        return false;
      }
    }
    return true;
  }

  private void addLatencies(List<ModeReport> reports) {
    List<String> kinds =
        ModeReport.canonicalNames(union(reports, ModeReport::latencyNs), ModeReport.LATENCY_KIND_ORDER);
    if (kinds.isEmpty()) {
      return;
    }
    section("Latency (virtual time)");
    for (String kind : kinds) {
      row(kind + " p50", reports, m -> latencyCell(m.latencyNs().get(kind), false));
      row(kind + " p99", reports, m -> latencyCell(m.latencyNs().get(kind), true));
    }
  }

  private void addViolations(List<ModeReport> reports) {
    section("Checks");
    row("Invariant violations", reports, m -> Units.count(m.invariantViolations().size()));
  }

  private void addNotes(RunReport report, List<ModeReport> reports) {
    for (ModeReport m : reports) {
      if (m.isRefused()) {
        notes.add(m.mode() + " refused: " + m.refusedReason());
      }
      for (String violation : m.invariantViolations()) {
        notes.add(m.mode() + " violation: " + violation);
      }
    }
    if (report.replications() != null) {
      notes.add("figures above: replication 1 of " + report.replications().count() + " (seed " + report.seed()
          + "); the verdict and report.json (replications) give means, 95% intervals and paired differences");
    }
    SimulatorReport sim = report.simulator();
    notes.add(
        "simulator: "
            + Units.count(sim.events())
            + " events in "
            + Units.plain(sim.wallSeconds())
            + " s ("
            + Units.count(Math.round(sim.eventsPerSecond()))
            + " events/s), "
            + Units.count(sim.messages())
            + " messages, heap "
            + Units.bytes(sim.heapBytes()));
  }

  private void section(String title) {
    rows.add(new Row(title, null));
  }

  private void row(String label, List<ModeReport> reports, Function<ModeReport, String> cell) {
    List<String> cells = new ArrayList<>(reports.size());
    for (ModeReport m : reports) {
      cells.add(m.isRefused() ? REFUSED : cell.apply(m));
    }
    rows.add(new Row(label, List.copyOf(cells)));
  }

  private static Set<String> union(List<ModeReport> reports, Function<ModeReport, Map<String, ?>> names) {
    Set<String> all = new LinkedHashSet<>();
    reports.forEach(m -> all.addAll(names.apply(m).keySet()));
    return all;
  }

  private static String levelCell(Map<Integer, Long> byLevel, int level) {
    Long pages = byLevel.get(level);
    return pages == null ? MISSING : Units.count(pages);
  }

  private static String countCell(Map<String, Long> counts, String name) {
    Long value = counts.get(name);
    return value == null ? MISSING : Units.count(value);
  }

  private static String latencyCell(LatencySummary summary, boolean p99) {
    if (summary == null || summary.count() == 0) {
      return MISSING;
    }
    return Units.nanos(p99 ? summary.p99() : summary.p50());
  }
}
