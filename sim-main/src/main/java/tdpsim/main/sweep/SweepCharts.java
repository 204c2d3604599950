package tdpsim.main.sweep;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.report.ModeReport;
import tdpsim.protocol.Mode;

/**
 * Two charts per axis: x = the axis' values, one series per design, y = total page-table bytes (TDP + IOMMU),
 * and y = faults (vCPU faults + device page requests). With several axes each point is the mean over the points
 * that share that value (over the other axes). Refused and failed items are left out; a design with no result
 * for some value is left out of that chart.
 *
 * <p>An axis whose values are all sizes ({@code 4KiB}, {@code 2MiB}) is numeric: x is log2 of the bytes, its ticks
 * labelled in binary units. Other axes are categories. Axis titles are human ({@code IOMMU max leaf}), not key
 * paths; y is logarithmic when the values span more than two decades.
 */
final class SweepCharts {
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  private static final Set<String> ACRONYMS = Set.of("iommu", "tdp", "vm", "vms", "tlb", "iotlb", "devtlb", "prq",
      "dma", "pml", "ats", "pri", "psi", "dsi", "nx", "thp", "ksm", "cpu", "vcpu", "vcpus", "gfn", "ept", "npt");
  private static final Set<String> GENERIC = Set.of("tdpsim", "scenario", "cost", "run", "workload", "actors");

  static {
    // ChartReporter sets headless mode before XChart loads; touching it first keeps that order.
    ChartReporter.class.getName();
  }

  private SweepCharts() {}

  /** A chart, its base file name (no extension) and a title for the HTML page. */
  record Named(String name, String title, Chart<?, ?> chart) {}

  static List<Named> charts(SweepResult result) {
    SweepPlan plan = result.plan();
    List<Named> out = new ArrayList<>();
    for (int a = 0; a < plan.axes().size(); a++) {
      SweepAxis axis = plan.axes().get(a);
      String slug = slug(axis.name());
      String human = humanName(axis.name());
      String suffix = plan.axes().size() > 1 ? " (mean over the other axes)" : "";
      long[] sizes = sizes(axis);
      double[][] bytes = means(result, a, ModeReport::totalTableBytes);
      double max = 0;
      for (double[] row : bytes) {
        for (double v : row) {
          max = Double.isNaN(v) ? max : Math.max(max, v);
        }
      }
      int unit = 0;
      while (unit < BYTE_UNITS.length - 1 && max >= Math.pow(1024, unit + 1)) {
        unit++;
      }
      String title = "Page-table bytes (TDP + IOMMU) by " + human + suffix;
      out.add(new Named("chart-" + slug + "-table-bytes", title,
          chart(title, plan, axis, sizes, bytes, Math.pow(1024, unit), "Bytes (" + BYTE_UNITS[unit] + ")")));

      double[][] faults = means(result, a, m -> m.counter("vcpuFaults") + m.counter("devicePageRequests"));
      title = "vCPU faults + device page requests by " + human + suffix;
      out.add(new Named("chart-" + slug + "-faults", title, chart(title, plan, axis, sizes, faults, 1, "Count")));
    }
    return out;
  }

  private static Chart<?, ?> chart(String title, SweepPlan plan, SweepAxis axis, long[] sizes, double[][] means,
      double divisor, String yTitle) {
    String xTitle = humanName(axis.name()) + (sizes != null ? " (log2 scale)" : "");
    boolean log = wide(means);
    if (sizes != null) {
      XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle(xTitle)
          .yAxisTitle(yTitle + (log ? " (log scale)" : "")).build();
      style(chart.getStyler());
      chart.getStyler().setYAxisLogarithmic(log);
      chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> bytesLabel(Math.pow(2, x)));
      chart.getStyler().setXAxisTickMarkSpacingHint(60);
      chart.getStyler().setMarkerSize(8);
      List<Double> xs = new ArrayList<>();
      for (long s : sizes) {
        xs.add(log2(s));
      }
      for (int m = 0; m < plan.modes().size(); m++) {
        List<Double> ys = series(means[m], divisor, log);
        if (ys != null) {
          chart.addSeries(plan.modes().get(m).configName(), xs, ys);
        }
      }
      return chart;
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle + (log ? " (log scale)" : "")).build();
    style(chart.getStyler());
    chart.getStyler().setYAxisLogarithmic(log);
    for (int m = 0; m < plan.modes().size(); m++) {
      Mode mode = plan.modes().get(m);
      List<Double> ys = series(means[m], divisor, log);
      if (ys != null) {
        chart.addSeries(mode.configName(), axis.labels(), ys);
      }
    }
    return chart;
  }

  /** The design's values scaled; null when a value is missing or (log axis) not positive. */
  private static List<Double> series(double[] values, double divisor, boolean log) {
    List<Double> ys = new ArrayList<>();
    for (double v : values) {
      if (Double.isNaN(v) || (log && v <= 0)) {
        return null;
      }
      ys.add(v / divisor);
    }
    return ys;
  }

  private static boolean wide(double[][] means) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double[] row : means) {
      for (double v : row) {
        if (v > 0) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return max > 0 && ChartReporter.decades(min, max) > 2;
  }

  private static void style(Styler styler) {
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
  }

  /** The axis values in bytes when every one is a size with a unit ({@code 4KiB}); null otherwise. */
  static long[] sizes(SweepAxis axis) {
    long[] out = new long[axis.size()];
    for (int i = 0; i < axis.size(); i++) {
      String label = axis.labels().get(i).trim();
      if (!label.matches("(?i)[0-9.]+\\s*[kmgtp]i?b?")) {
        return null;
      }
      try {
        out[i] = ConfigFactory.parseString("v = \"" + label + "\"").getBytes("v");
      } catch (ConfigException e) {
        return null;
      }
      if (out[i] <= 0) {
        return null;
      }
    }
    return out;
  }

  /** {@code tdpsim.scenario.iommu.max-leaf} as {@code IOMMU max leaf}; a variable name as it is, humanised. */
  static String humanName(String key) {
    String[] parts = key.split("\\.");
    List<String> kept = new ArrayList<>();
    for (int i = Math.max(0, parts.length - 2); i < parts.length; i++) {
      if (!GENERIC.contains(parts[i]) && !parts[i].matches("\\d+")) {
        kept.add(parts[i]);
      }
    }
    if (kept.isEmpty()) {
      kept.add(parts[parts.length - 1]);
    }
    List<String> words = new ArrayList<>();
    for (String part : kept) {
      for (String w : part.split("[-_]")) {
        words.add(ACRONYMS.contains(w.toLowerCase(Locale.ROOT)) ? w.toUpperCase(Locale.ROOT)
            : w.toLowerCase(Locale.ROOT));
      }
    }
    String text = String.join(" ", words);
    return text.isEmpty() ? key : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String bytesLabel(double bytes) {
    int unit = 0;
    double v = bytes;
    while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return (Math.abs(v - Math.rint(v)) < 1e-6 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.1f", v)) + " " + BYTE_UNITS[unit];
  }

  private static double log2(long v) {
    return Math.log(v) / Math.log(2);
  }

  /** [mode][value index] mean of {@code metric} over the finished, non-refused items; NaN where none. */
  static double[][] means(SweepResult result, int axis, ToDoubleFunction<ModeReport> metric) {
    SweepPlan plan = result.plan();
    int values = plan.axes().get(axis).size();
    double[][] sum = new double[plan.modes().size()][values];
    int[][] n = new int[plan.modes().size()][values];
    for (PointResult r : result.results()) {
      if (r.result() == null || r.result().report().isRefused()) {
        continue;
      }
      int m = plan.modes().indexOf(r.item().mode());
      int v = plan.pointOf(r.item()).valueIndexes().get(axis);
      sum[m][v] += metric.applyAsDouble(r.result().report());
      n[m][v]++;
    }
    for (int m = 0; m < sum.length; m++) {
      for (int v = 0; v < values; v++) {
        sum[m][v] = n[m][v] == 0 ? Double.NaN : sum[m][v] / n[m][v];
      }
    }
    return sum;
  }

  /** File-name form of an axis name: without the {@code tdpsim.} prefix, other characters than [A-Za-z0-9-] as '-'. */
  static String slug(String name) {
    String s = name.startsWith("tdpsim.") ? name.substring("tdpsim.".length()) : name;
    return s.replaceAll("[^A-Za-z0-9-]", "-");
  }
}
