package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.report.ModeReport;
import tdpsim.protocol.Mode;

/**
 * Two charts per axis: x = the axis' values, one series per design, y = total page-table bytes (TDP + IOMMU),
 * and y = faults (vCPU faults + device page requests). With several axes each bar is the mean over the points
 * that share that value (over the other axes). Refused and failed items are left out; a design with no result
 * for some value is left out of that chart.
 */
final class SweepCharts {
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  static {
    // ChartReporter sets headless mode before XChart loads; touching it first keeps that order.
    ChartReporter.class.getName();
  }

  private SweepCharts() {}

  /** A chart and its base file name (no extension). */
  record Named(String name, CategoryChart chart) {}

  static List<Named> charts(SweepResult result) {
    SweepPlan plan = result.plan();
    List<Named> out = new ArrayList<>();
    for (int a = 0; a < plan.axes().size(); a++) {
      SweepAxis axis = plan.axes().get(a);
      String slug = slug(axis.name());
      String suffix = plan.axes().size() > 1 ? " (mean over the other axes)" : "";
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
      double divisor = Math.pow(1024, unit);
      CategoryChart tables = chart("Page-table bytes (TDP + IOMMU) by " + axis.name() + suffix, axis.name(),
          "Bytes (" + BYTE_UNITS[unit] + ")");
      addSeries(tables, plan, axis, bytes, divisor);
      out.add(new Named("chart-" + slug + "-table-bytes", tables));

      double[][] faults = means(result, a, m -> m.counter("vcpuFaults") + m.counter("devicePageRequests"));
      CategoryChart f = chart("vCPU faults + device page requests by " + axis.name() + suffix, axis.name(),
          "Count");
      addSeries(f, plan, axis, faults, 1);
      out.add(new Named("chart-" + slug + "-faults", f));
    }
    return out;
  }

  /** [mode][value index] mean of {@code metric} over the finished, non-refused items; NaN where none. */
  private static double[][] means(SweepResult result, int axis, ToDoubleFunction<ModeReport> metric) {
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

  private static void addSeries(CategoryChart chart, SweepPlan plan, SweepAxis axis, double[][] means,
      double divisor) {
    for (int m = 0; m < plan.modes().size(); m++) {
      Mode mode = plan.modes().get(m);
      List<Double> ys = new ArrayList<>();
      boolean all = true;
      for (double v : means[m]) {
        all &= !Double.isNaN(v);
        ys.add(v / divisor);
      }
      if (all) {
        chart.addSeries(mode.configName(), axis.labels(), ys);
      }
    }
  }

  private static CategoryChart chart(String title, String xTitle, String yTitle) {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    return chart;
  }

  /** File-name form of an axis name: without the {@code tdpsim.} prefix, other characters than [A-Za-z0-9-] as '-'. */
  static String slug(String name) {
    String s = name.startsWith("tdpsim.") ? name.substring("tdpsim.".length()) : name;
    return s.replaceAll("[^A-Za-z0-9-]", "-");
  }
}
