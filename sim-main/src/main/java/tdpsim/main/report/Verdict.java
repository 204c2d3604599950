package tdpsim.main.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tdpsim.main.stats.Summary;

/**
 * The short block every human-readable report opens with: per headline metric (lower is better for each), the
 * best design and its ratio against {@code separate}; with replications, the ratio's 95% interval from the paired
 * differences and "within noise" when that interval holds 1 (the difference's holds 0). Before the metrics, one
 * line on whether the designs did equal work.
 */
public final class Verdict {
  /** A headline metric: its figure in {@link MetricSet} and how to print a value. */
  record Headline(String label, String figure, Kind kind) {}

  enum Kind {
    BYTES,
    COUNT,
    NANOS
  }

  static final List<Headline> HEADLINES = List.of(
      new Headline("table bytes", MetricSet.TABLE_BYTES, Kind.BYTES),
      new Headline("pinned bytes", MetricSet.PINNED_BYTES, Kind.BYTES),
      new Headline("faults", MetricSet.FAULTS, Kind.COUNT),
      new Headline("zaps", "counters.zaps", Kind.COUNT),
      new Headline("invalidations", MetricSet.INVALIDATIONS, Kind.COUNT),
      new Headline("migration downtime", MetricSet.MIGRATION_DOWNTIME, Kind.NANOS),
      new Headline("pages sent", MetricSet.MIGRATION_PAGES_SENT, Kind.COUNT),
      new Headline("lost writes", MetricSet.MIGRATION_LOST_WRITES, Kind.COUNT));

  /** Designs whose work differs by more than this fraction get a warning line under run.until = time. */
  static final double UNEQUAL_WORK = 0.10;

  static final String WITHIN_NOISE = "within noise";

  private Verdict() {}

  /** The verdict's lines, without line ends. */
  public static List<String> lines(RunReport report) {
    List<String> out = new ArrayList<>();
    List<ModeReport> ran = report.modes().values().stream().filter(m -> !m.isRefused()).toList();
    Replications reps = report.replications();
    out.add("Verdict (lower is better; ratio = best design / " + RunReport.BASELINE_MODE
        + (reps == null ? "" : "; mean of " + reps.count() + " replications, 95% interval of the paired ratio")
        + ")");
    workLine(ran).forEach(out::add);
    if (ran.isEmpty()) {
      out.add("  (no design ran)");
      return out;
    }
    List<String> notMeasured = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"metric", "best", "best / " + RunReport.BASELINE_MODE, "best design"});
    for (Headline h : HEADLINES) {
      String[] row = row(h, ran, reps);
      if (row == null) {
        notMeasured.add(h.label());
      } else {
        rows.add(row);
      }
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      String line = "  " + pad(row[0], widths[0]) + "  " + padLeft(row[1], widths[1]) + "  "
          + pad(row[2], widths[2]) + "  " + row[3];
      out.add(line.stripTrailing());
    }
    if (!notMeasured.isEmpty()) {
      out.add("  not measured here: " + String.join(", ", notMeasured));
    }
    return out;
  }

  /** The equal-work line: complete work, a warning per design that hit the cap, or unequal work under time. */
  static List<String> workLine(List<ModeReport> ran) {
    List<String> out = new ArrayList<>();
    boolean untilWork = ran.stream().anyMatch(m -> m.extra().containsKey(ModeReport.WORK_COMPLETE));
    if (untilWork) {
      List<String> capped = ran.stream().filter(ModeReport::workUnfinished)
          .map(ModeReport::mode).toList();
      if (capped.isEmpty()) {
        out.add("  equal work: every design did all its work (run.until = work)");
      } else {
        for (String mode : capped) {
          out.add("  WARNING: " + mode + " reached run.duration before its work was done (workComplete: false);"
              + " its figures cover less work");
        }
      }
      return out;
    }
    ModeReport least = null;
    ModeReport most = null;
    for (ModeReport m : ran) {
      if (least == null || Normalised.work(m) < Normalised.work(least)) {
        least = m;
      }
      if (most == null || Normalised.work(m) > Normalised.work(most)) {
        most = m;
      }
    }
    if (least != null && Normalised.work(most) > (1 + UNEQUAL_WORK) * Normalised.work(least)) {
      out.add(String.format(Locale.ROOT, "  NOTE: unequal work (run.until = time): %s did %s accesses + DMA "
          + "pages, %s did %s (%.1fx); compare the normalised figures, or set run.until = work", least.mode(),
          Units.count(Normalised.work(least)), most.mode(), Units.count(Normalised.work(most)),
          Normalised.work(least) == 0 ? Double.POSITIVE_INFINITY
              : (double) Normalised.work(most) / Normalised.work(least)));
    }
    return out;
  }

  /** One metric's cells (label, best value, against separate, best designs), or null when no design measured it. */
  private static String[] row(Headline h, List<ModeReport> ran, Replications reps) {
    List<String> modes = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (ModeReport m : ran) {
      Double v = value(m, h.figure(), reps);
      if (v != null) {
        modes.add(m.mode());
        values.add(v);
      }
    }
    if (modes.isEmpty()) {
      return null;
    }
    double best = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double worst = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    if (worst == 0) {
      return new String[] {h.label(), format(0, h.kind()), "", "0 in every design"};
    }
    List<String> winners = new ArrayList<>();
    for (int i = 0; i < modes.size(); i++) {
      if (values.get(i) == best) {
        winners.add(modes.get(i));
      }
    }
    String winner = String.join(", ", winners) + (winners.size() > 1 ? " (tie)" : "");
    String value = format(best, h.kind());
    int base = modes.indexOf(RunReport.BASELINE_MODE);
    if (base < 0) {
      return new String[] {h.label(), value, "(not run)", winner};
    }
    double sep = values.get(base);
    if (winners.contains(RunReport.BASELINE_MODE)) {
      return new String[] {h.label(), value, "1x", winner};
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.3fx", best / sep));
    if (reps != null) {
      Summary d = reps.difference(winners.get(0), RunReport.BASELINE_MODE, h.figure());
      if (d != null && d.hasInterval()) {
        sb.append(String.format(Locale.ROOT, " [%.3fx, %.3fx]", 1 + d.ciLow() / sep, 1 + d.ciHigh() / sep));
        if (d.withinNoise()) {
          sb.append(' ').append(WITHIN_NOISE);
        }
      }
    }
    return new String[] {h.label(), value, sb.toString(), winner};
  }

  private static Double value(ModeReport m, String figure, Replications reps) {
    if (reps != null) {
      Summary s = reps.summary(m.mode(), figure);
      if (s != null) {
        return s.mean();
      }
    }
    Map<String, Double> all = MetricSet.of(m);
    return all.get(figure);
  }

  private static String format(double value, Kind kind) {
    long v = Math.round(value);
    return switch (kind) {
      case BYTES -> Units.bytes(v);
      case NANOS -> Units.nanos(v);
      case COUNT -> value == v ? Units.count(v) : String.format(Locale.ROOT, "%,.1f", value);
    };
  }

  private static String padLeft(String text, int width) {
    return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
