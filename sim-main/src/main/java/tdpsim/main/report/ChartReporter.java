package tdpsim.main.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts comparing the designs, each written as PNG and SVG: bars of table bytes (TDP and IOMMU stacked), faults
 * and invalidations, and per latency kind the CDF of every design (from the HdrHistogram; a log x axis when it
 * spans more than two decades). Designs that refused to run are left out.
 *
 * <p>Rendering is headless: {@code java.awt.headless} is set before XChart loads unless the user set it.
 */
public final class ChartReporter implements Reporter {
  static final int WIDTH = 900;
  /** Chart width, for the other chart writers. */
  public static final int WIDTH_PUBLIC = WIDTH;
  static final int HEIGHT = 520;

  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A chart with the base file name it is written under (without extension). */
  public record NamedChart(String name, String title, Chart<?, ?> chart) {}

  /** A chart, its PNG and its SVG, rendered once for both the chart files and the HTML of the same report. */
  public record Rendered(NamedChart chart, byte[] png, byte[] svg) {}

  private record Memo(RunReport report, List<Rendered> charts) {}

  /** The charts of the report last rendered (one report set writes its PNGs and then embeds them in the HTML). */
  private static volatile Memo last;

  @Override
  public void write(RunReport report, Sink sink) throws IOException {
    for (Rendered r : rendered(report)) {
      sink.file(r.chart().name() + ".png", out -> out.write(r.png()));
      sink.file(r.chart().name() + ".svg", out -> out.write(r.svg()));
    }
  }

  /**
   * The report's charts with their PNGs and SVGs; the same report (the same object) a second time gets the same
   * bytes without rendering again. Rendering is about half of the time a report set takes to write, so the
   * charts (independent objects, built in order above) are rendered in parallel; the bytes do not depend on it.
   */
  public static List<Rendered> rendered(RunReport report) {
    Memo memo = last;
    if (memo != null && memo.report() == report) {
      return memo.charts();
    }
    List<Rendered> charts = charts(report).parallelStream()
        .map(c -> new Rendered(c, toPng(c.chart()), toSvg(c.chart())))
        .toList();
    last = new Memo(report, charts);
    return charts;
  }

  /** The comparison charts for {@code report}; empty when no design ran. */
  public static List<NamedChart> charts(RunReport report) {
    List<ModeReport> ran = report.modes().values().stream().filter(m -> !m.isRefused()).toList();
    if (ran.isEmpty()) {
      return List.of();
    }
    List<String> modes = ran.stream().map(ModeReport::mode).toList();
    List<NamedChart> charts = new ArrayList<>();

    long maxBytes = ran.stream().mapToLong(ModeReport::totalTableBytes).max().orElse(0);
    int unit = 0;
    while (unit < BYTE_UNITS.length - 1 && maxBytes >= 1024L << (10 * unit)) {
      unit++;
    }
    double divisor = Math.pow(1024, unit);
    CategoryChart bytes = chart("Page-table bytes per design", "Bytes (" + BYTE_UNITS[unit] + ")");
    bytes.getStyler().setStacked(true);
    bytes.addSeries("TDP", modes, values(ran, m -> m.tdp().bytes() / divisor));
    bytes.addSeries("IOMMU", modes, values(ran, m -> m.iommu() == null ? 0 : m.iommu().bytes() / divisor));
    charts.add(new NamedChart("chart-table-bytes", "Page-table bytes per design", bytes));

    CategoryChart faults = chart("Faults per design", "Count");
    addSeries(faults, modes, ran,
        List.of("vCPU faults", "device page requests", "DMA faults"),
        List.of(m -> m.counter("vcpuFaults"), m -> m.counter("devicePageRequests"), m -> m.counter("dmaFaults")));
    charts.add(new NamedChart("chart-faults", "Faults per design", faults));

    CategoryChart invalidations = chart("Invalidations per design", "Count");
    addSeries(invalidations, modes, ran,
        List.of("TLB flushes", "IOTLB invalidations", "devTLB invalidations", "drains"),
        List.of(m -> m.counter("tlbFlushes"), m -> m.counter("iotlbInvalidations"),
            m -> m.counter("devtlbInvalidations"), m -> m.counter("drains")));
    charts.add(new NamedChart("chart-invalidations", "Invalidations per design", invalidations));

    Set<String> kindSet = new LinkedHashSet<>();
    ran.forEach(m -> kindSet.addAll(m.latencyNs().keySet()));
    List<String> kinds = ModeReport.canonicalNames(kindSet, ModeReport.LATENCY_KIND_ORDER);
    for (String kind : kinds) {
      NamedChart cdf = cdfChart(kind, ran);
      if (cdf != null) {
        charts.add(cdf);
      }
    }
    CategoryChart dirty = migrationChart(ran);
    if (dirty != null) {
      charts.add(new NamedChart("chart-migration-dirty", "Dirty pages per migration round", dirty));
    }
    for (ModeReport m : ran) {
      CategoryChart stacked = migrationRoundsChart(m);
      if (stacked != null) {
        charts.add(new NamedChart("chart-migration-rounds-" + m.mode(),
            "Pages dirtied per migration round, CPU and device: " + m.mode(), stacked));
      }
    }
    return List.copyOf(charts);
  }

  /**
   * Pages the design's dirty tracking reported per pre-copy round, one series per design (the first migrating
   * VM). Round 1 is the bulk copy, which follows no harvest, so the x axis starts at round 2.
   */
  static CategoryChart migrationChart(List<ModeReport> ran) {
    int maxRounds = 0;
    Map<String, List<MigrationFigures.Round>> series = new java.util.LinkedHashMap<>();
    for (ModeReport m : ran) {
      MigrationFigures f = MigrationFigures.of(m);
      if (f == null || f.vms().isEmpty() || f.vms().get(0).perRound().size() < 2) {
        continue;
      }
      List<MigrationFigures.Round> rounds = f.vms().get(0).perRound();
      maxRounds = Math.max(maxRounds, rounds.size());
      series.put(m.mode(), rounds);
    }
    if (series.isEmpty()) {
      return null;
    }
    List<String> xs = new ArrayList<>();
    for (int r = 2; r <= maxRounds; r++) {
      xs.add(Integer.toString(r));
    }
    CategoryChart chart = chart("Dirty pages reported per migration round (round 1 = bulk copy)", "Pages");
    chart.setXAxisTitle("Pre-copy round");
    int width = maxRounds;
    Map<String, List<Double>> ys = new java.util.LinkedHashMap<>();
    series.forEach((mode, rounds) -> {
      List<Double> y = new ArrayList<>();
      for (int r = 1; r < width; r++) {
        y.add(r < rounds.size() ? (double) rounds.get(r).dirtyReported() : 0.0);
      }
      ys.put(mode, y);
    });
    // The stop-and-copy round's few pages (6 next to 4,559) vanish on a linear axis: the two-decade rule.
    boolean log = logYAxisIfWide(chart, new ArrayList<>(ys.values()));
    ys.forEach((mode, y) -> chart.addSeries(mode, xs, onAxis(y, log)));
    return chart;
  }

  /**
   * Renders a tiny chart once, so that the graphics toolkit has started (and registered its JVM shutdown hooks)
   * before a run: the report an interrupted run writes from a shutdown hook can then still hold its charts. Once
   * per JVM; a second call returns at once, and a call while another thread renders it waits for that.
   */
  public static void warmUp() {
    WARM_UP.run();
    try {
      WARM_UP.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The warm-up, once per JVM: {@link #warmUp} runs it, or waits for it when the start-up warm-up thread got to it
   * first ({@code StartupWarmUp}, issue 19).
   */
  private static final java.util.concurrent.FutureTask<Void> WARM_UP =
      new java.util.concurrent.FutureTask<>(ChartReporter::renderTiny, null);

  private static void renderTiny() {
    CategoryChart chart = new CategoryChartBuilder().width(16).height(16).build();
    chart.addSeries("warm-up", new double[] {1}, new double[] {1});
    toPng(chart);
    toSvg(chart);
  }

  /**
   * One design's migration, round by round (first migrating VM): the pages dirtied by the CPU only, the device
   * only and both (ground truth), stacked, and the bulk copy of round 1 as the pages it sent. The last round is
   * stop-and-copy, labelled "final" with its page count: next to a bulk copy of tens of thousands of pages its
   * bar is a pixel or less high. The title carries the downtime. (A long x label is hidden by XChart.)
   */
  static CategoryChart migrationRoundsChart(ModeReport m) {
    MigrationFigures f = MigrationFigures.of(m);
    if (f == null || f.vms().isEmpty() || f.vms().get(0).perRound().isEmpty()) {
      return null;
    }
    MigrationFigures.Vm vm = f.vms().get(0);
    List<MigrationFigures.Round> rounds = vm.perRound();
    List<String> xs = new ArrayList<>();
    List<Number> bulk = new ArrayList<>();
    List<Number> cpu = new ArrayList<>();
    List<Number> device = new ArrayList<>();
    List<Number> both = new ArrayList<>();
    for (int i = 0; i < rounds.size(); i++) {
      MigrationFigures.Round r = rounds.get(i);
      boolean last = i == rounds.size() - 1 && vm.finished();
      xs.add(r.round() == 1 ? "1 (bulk)"
          : last ? r.round() + " (final: " + (r.dirtiedByCpu() + r.dirtiedByDevice() + r.dirtiedByBoth()) + ")"
          : Integer.toString(r.round()));
      bulk.add(r.round() == 1 ? r.pagesSent() : 0);
      cpu.add(r.dirtiedByCpu());
      device.add(r.dirtiedByDevice());
      both.add(r.dirtiedByBoth());
    }
    CategoryChart chart = chart("Pages per migration round, " + m.mode() + " (downtime "
        + Units.nanos(vm.downtimeNs()) + ")", "Pages");
    chart.setXAxisTitle("Round (1 sends all memory; each later one what was dirtied before it; final = stop-and-copy, "
        + "the downtime)");
    chart.getStyler().setStacked(true);
    chart.getStyler().setOverlapped(false);
    chart.addSeries("bulk copy (round 1)", xs, bulk);
    chart.addSeries("dirtied by CPU only", xs, cpu);
    chart.addSeries("dirtied by device only", xs, device);
    chart.addSeries("dirtied by both", xs, both);
    return chart;
  }

  /**
   * Adds one series per metric, x = the designs. When the non-zero values span more than two decades the y axis
   * is logarithmic (a 0 is then drawn as a bar of no height at the axis floor of 1), so that 54 page requests stay
   * visible next to 4,437 faults. A series that is zero for every design is left out; at least one is kept.
   */
  static void addSeries(CategoryChart chart, List<String> modes, List<ModeReport> ran, List<String> names,
      List<ToDoubleFunction<ModeReport>> metrics) {
    List<List<Double>> all = new ArrayList<>();
    for (ToDoubleFunction<ModeReport> metric : metrics) {
      all.add(values(ran, metric));
    }
    boolean log = logYAxisIfWide(chart, all);
    if (!log) {
      // XChart picks its ticks from the data range; 0..8 got two ticks. A round maximum gives even ones.
      double max = all.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(0);
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(niceCeil(max));
    }
    boolean added = false;
    for (int i = 0; i < names.size(); i++) {
      List<Double> ys = all.get(i);
      boolean allZero = ys.stream().allMatch(v -> v == 0);
      if (allZero && (added || i < names.size() - 1 || log)) {
        continue;
      }
      chart.addSeries(names.get(i), modes, onAxis(ys, log));
      added = true;
    }
    if (!added) {
      chart.addSeries(names.get(0), modes, all.get(0));
    }
  }

  /**
   * Puts the chart's y axis on a log scale, with "(log scale)" in its title, when the values span more than two
   * decades ({@link #isWide}); returns whether it did.
   */
  static boolean logYAxisIfWide(CategoryChart chart, List<List<Double>> series) {
    boolean log = isWide(series);
    chart.getStyler().setYAxisLogarithmic(log);
    if (log) {
      // A log axis has no 0 and XChart refuses one (or a gap): counts of 0 are drawn at the axis floor of 1,
      // which is a bar of no height (see onAxis).
      chart.getStyler().setYAxisMin(1.0);
      chart.setYAxisTitle(chart.getYAxisTitle() + " (log scale)");
    }
    return log;
  }

  /** The values as plotted: on a log axis, below 1 (a 0) at the axis floor of 1. */
  static List<Double> onAxis(List<Double> ys, boolean log) {
    return log ? ys.stream().map(v -> v < 1 ? 1.0 : v).toList() : ys;
  }

  /**
   * True when the positive values span more than two decades: a log axis from the decade below the smallest to
   * the decade above the largest would need more than two (54 page requests next to 4,437 faults: 10 to 10,000).
   */
  public static boolean isWide(List<List<Double>> series) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (List<Double> ys : series) {
      for (Double v : ys) {
        if (v != null && v > 0) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return max > 0 && decades(min, max) > 2;
  }

  /** Decades a log axis needs to hold {@code min..max} (both positive): 54..4,437 needs 10..10,000, three. */
  public static int decades(double min, double max) {
    return (int) (Math.ceil(Math.log10(max) - 1e-9) - Math.floor(Math.log10(min) + 1e-9));
  }

  /** The smallest 1, 2, 2.5 or 5 times a power of ten at or above {@code x}: a y maximum with even ticks. */
  static double niceCeil(double x) {
    if (x <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(x)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= x - 1e-9) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /**
   * The chart as PNG bytes. ImageIO encodes into memory, not through a temporary cache file: a cache file's stream
   * is also closed by ImageIO's shutdown hook, and when the process exited while one was being closed (a user
   * mistake ends a run at once, while the start-up thread warms the charts up) the hook closed it a second time
   * and printed a NullPointerException's stack trace ({@code FileCacheImageOutputStream.close}, thread
   * "StreamCloser"): 1 of about 300 bad inputs in {@code scripts/bad-inputs.sh}. The bytes are the same.
   */
  public static byte[] toPng(Chart<?, ?> chart) {
    ImageIO.setUseCache(false);
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart as an SVG document. */
  public static byte[] toSvg(Chart<?, ?> chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The CDF of one latency kind, one line per design that recorded it: x is the latency in virtual ns (0 ns, a wait
   * that did not happen, is drawn at 1 ns), y the fraction of samples at or below it. The x axis is logarithmic
   * when the latencies span more than two decades (as the other charts' axes), linear otherwise. Null when no
   * design has CDF points for the kind, or when every design's samples are one and the same value to the
   * histograms' precision (two significant digits: within 1 %, as 3,488..3,503 ns for a constant 3.5 us): the
   * table gives it, and a chart of one vertical line says nothing more.
   */
  /** Latencies within this factor of each other are one value to the histograms' two significant digits. */
  private static final double ONE_VALUE = 1.01;

  static NamedChart cdfChart(String kind, List<ModeReport> ran) {
    List<String> names = new ArrayList<>();
    List<double[]> xsOf = new ArrayList<>();
    List<double[]> ysOf = new ArrayList<>();
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (ModeReport m : ran) {
      LatencySummary s = m.latencyNs().get(kind);
      if (s == null || s.count() == 0 || s.cdf().isEmpty()) {
        continue;
      }
      double[] xs = new double[s.cdf().size()];
      double[] ys = new double[xs.length];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = Math.max(1, s.cdf().get(i).valueNs());
        ys[i] = s.cdf().get(i).fraction();
        min = Math.min(min, xs[i]);
        max = Math.max(max, xs[i]);
      }
      names.add(m.mode());
      xsOf.add(xs);
      ysOf.add(ys);
    }
    if (names.isEmpty() || max <= min * ONE_VALUE) {
      return null;
    }
    boolean log = decades(min, max) > 2;
    String title = kind + " latency CDF (virtual time)";
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(log ? "Latency (ns, log scale)" : "Latency (ns)").yAxisTitle("Fraction of samples").build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisLogarithmic(log);
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(1.0);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
    for (int i = 0; i < names.size(); i++) {
      chart.addSeries(names.get(i), xsOf.get(i), ysOf.get(i)).setMarker(SeriesMarkers.NONE);
    }
    return new NamedChart("chart-latency-cdf-" + kind, title, chart);
  }

  static CategoryChart chart(String title, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(0);
    chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    chart.getStyler().setYAxisTickMarkSpacingHint(40);
    return chart;
  }

  private static List<Double> values(List<ModeReport> ran, ToDoubleFunction<ModeReport> value) {
    List<Double> out = new ArrayList<>(ran.size());
    ran.forEach(m -> out.add(value.applyAsDouble(m)));
    return out;
  }
}
