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
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;

/**
 * Bar charts comparing the designs, each written as PNG and SVG: table bytes (TDP and IOMMU stacked), faults,
 * invalidations, and p50/p99 latency per kind. Designs that refused to run are left out.
 *
 * <p>Rendering is headless: {@code java.awt.headless} is set before XChart loads unless the user set it.
 */
public final class ChartReporter implements Reporter {
  static final int WIDTH = 900;
  static final int HEIGHT = 520;

  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A chart with the base file name it is written under (without extension). */
  public record NamedChart(String name, String title, CategoryChart chart) {}

  @Override
  public void write(RunReport report, Sink sink) throws IOException {
    for (NamedChart chart : charts(report)) {
      byte[] png = toPng(chart.chart());
      byte[] svg = toSvg(chart.chart());
      sink.file(chart.name() + ".png", out -> out.write(png));
      sink.file(chart.name() + ".svg", out -> out.write(svg));
    }
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
    faults.addSeries("vCPU faults", modes, values(ran, m -> m.counter("vcpuFaults")));
    faults.addSeries("device page requests", modes, values(ran, m -> m.counter("devicePageRequests")));
    faults.addSeries("DMA faults", modes, values(ran, m -> m.counter("dmaFaults")));
    charts.add(new NamedChart("chart-faults", "Faults per design", faults));

    CategoryChart invalidations = chart("Invalidations per design", "Count");
    invalidations.addSeries("TLB flushes", modes, values(ran, m -> m.counter("tlbFlushes")));
    invalidations.addSeries("IOTLB invalidations", modes, values(ran, m -> m.counter("iotlbInvalidations")));
    invalidations.addSeries("devTLB invalidations", modes, values(ran, m -> m.counter("devtlbInvalidations")));
    invalidations.addSeries("drains", modes, values(ran, m -> m.counter("drains")));
    charts.add(new NamedChart("chart-invalidations", "Invalidations per design", invalidations));

    Set<String> kindSet = new LinkedHashSet<>();
    ran.forEach(m -> kindSet.addAll(m.latencyNs().keySet()));
    List<String> kinds = ModeReport.canonicalNames(kindSet, ModeReport.LATENCY_KIND_ORDER);
    if (!kinds.isEmpty()) {
      charts.add(latencyChart("chart-latency-p50", "p50 latency per kind", ran, kinds, false));
      charts.add(latencyChart("chart-latency-p99", "p99 latency per kind", ran, kinds, true));
    }
    CategoryChart dirty = migrationChart(ran);
    if (dirty != null) {
      charts.add(new NamedChart("chart-migration-dirty", "Dirty pages per migration round", dirty));
    }
    return List.copyOf(charts);
  }

  /** Pages reported dirty per pre-copy round, one series per design (the first migrating VM). */
  private static CategoryChart migrationChart(List<ModeReport> ran) {
    int maxRounds = 0;
    Map<String, List<Number>> series = new java.util.LinkedHashMap<>();
    for (ModeReport m : ran) {
      if (!(m.extra().get("migration") instanceof Map<?, ?> mig)
          || !(mig.get("vms") instanceof List<?> vms) || vms.isEmpty()
          || !(vms.get(0) instanceof Map<?, ?> vm) || !(vm.get("perRound") instanceof List<?> rounds)) {
        continue;
      }
      List<Number> ys = new ArrayList<>();
      for (Object r : rounds) {
        Object v = r instanceof Map<?, ?> row ? row.get("dirtyReported") : null;
        ys.add(v instanceof Number n ? n : 0);
      }
      if (!ys.isEmpty()) {
        ys.set(0, 0);
      }
      maxRounds = Math.max(maxRounds, ys.size());
      series.put(m.mode(), ys);
    }
    if (series.isEmpty()) {
      return null;
    }
    List<String> xs = new ArrayList<>();
    for (int r = 1; r <= maxRounds; r++) {
      xs.add(Integer.toString(r));
    }
    CategoryChart chart = chart("Dirty pages reported per migration round", "Pages");
    series.forEach((mode, ys) -> {
      List<Number> padded = new ArrayList<>(ys);
      while (padded.size() < xs.size()) {
        padded.add(0);
      }
      chart.addSeries(mode, xs, padded);
    });
    return chart;
  }

  /**
   * Renders a tiny chart once, so that the graphics toolkit has started (and registered its JVM shutdown hooks)
   * before a run: the report an interrupted run writes from a shutdown hook can then still hold its charts.
   */
  public static void warmUp() {
    CategoryChart chart = new CategoryChartBuilder().width(16).height(16).build();
    chart.addSeries("warm-up", new double[] {1}, new double[] {1});
    toPng(chart);
    toSvg(chart);
  }

  /** The chart as PNG bytes. */
  public static byte[] toPng(CategoryChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The chart as an SVG document. */
  public static byte[] toSvg(CategoryChart chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static NamedChart latencyChart(
      String name, String title, List<ModeReport> ran, List<String> kinds, boolean p99) {
    CategoryChart chart = chart(title + " (virtual time)", "Latency (us)");
    for (ModeReport m : ran) {
      List<Double> micros = new ArrayList<>(kinds.size());
      for (String kind : kinds) {
        LatencySummary s = m.latencyNs().get(kind);
        micros.add(s == null ? 0.0 : (p99 ? s.p99() : s.p50()) / 1e3);
      }
      chart.addSeries(m.mode(), kinds, micros);
    }
    return new NamedChart(name, title, chart);
  }

  private static CategoryChart chart(String title, String yTitle) {
    CategoryChart chart =
        new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setXAxisLabelRotation(0);
    return chart;
  }

  private static List<Double> values(List<ModeReport> ran, ToDoubleFunction<ModeReport> value) {
    List<Double> out = new ArrayList<>(ran.size());
    ran.forEach(m -> out.add(value.applyAsDouble(m)));
    return out;
  }
}
