package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charts: one PNG and one SVG per comparison, rendered headless. */
class ChartReporterTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  @Test
  void writesNonEmptyPngAndSvgForEveryChart(@TempDir Path dir) throws IOException {
    List<Path> files = ReportWriter.writeAll(dir, SampleReports.fiveModes(), Set.of(ReportFormat.CHARTS));
    List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
    for (String chart :
        List.of(
            "chart-table-bytes",
            "chart-faults",
            "chart-invalidations",
            "chart-latency-cdf-vcpuFault",
            "chart-latency-cdf-dma",
            "chart-latency-cdf-drain")) {
      assertThat(names).contains(chart + ".png", chart + ".svg");
      byte[] png = Files.readAllBytes(dir.resolve(chart + ".png"));
      assertThat(png.length).isGreaterThan(1000);
      assertThat(java.util.Arrays.copyOf(png, 4)).isEqualTo(PNG_MAGIC);
      String svg = Files.readString(dir.resolve(chart + ".svg"), StandardCharsets.UTF_8);
      assertThat(svg).contains("<svg").contains("</svg>");
    }
    assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
  }

  @Test
  void aCdfGoesLogOnlyOverMoreThanTwoDecadesAndIsLeftOutWhenEveryDesignHasOneValue() {
    ModeReport narrowA = withLatency("separate", new LatencySummary(10, 500, 510, 510, 500.5));
    ModeReport narrowB = withLatency("shared-iopf", new LatencySummary(10, 500, 700, 800, 520));
    org.knowm.xchart.XYChart narrow = (org.knowm.xchart.XYChart) ChartReporter.cdfChart("dma",
        List.of(narrowA, narrowB)).chart();
    assertThat(narrow.getStyler().isXAxisLogarithmic()).as("500..800 ns is one decade").isFalse();
    assertThat(narrow.getXAxisTitle()).isEqualTo("Latency (ns)");

    ModeReport wide = withLatency("shared-iopf", new LatencySummary(10, 3_000, 400_000, 1_000_000, 50_000));
    org.knowm.xchart.XYChart logChart = (org.knowm.xchart.XYChart) ChartReporter.cdfChart("vcpuFault",
        List.of(narrowA, wide)).chart();
    assertThat(logChart.getStyler().isXAxisLogarithmic()).as("500 ns..1 ms").isTrue();
    assertThat(logChart.getXAxisTitle()).isEqualTo("Latency (ns, log scale)");

    ModeReport zeroA = withLatency("separate", new LatencySummary(10, 0, 0, 0, 0));
    ModeReport zeroB = withLatency("shared-iopf", new LatencySummary(4, 0, 0, 0, 0));
    assertThat(ChartReporter.cdfChart("iommuQiWait", List.of(zeroA, zeroB))).as("every design: 0 ns").isNull();
    ModeReport constA = withLatency("separate", new LatencySummary(10, 3_488, 3_503, 3_503, 3_495));
    ModeReport constB = withLatency("shared-iopf", new LatencySummary(10, 3_488, 3_488, 3_488, 3_488));
    assertThat(ChartReporter.cdfChart("iotlbInvalidation", List.of(constA, constB)))
        .as("a constant 3.5 us, to the histograms' two significant digits").isNull();
  }

  private static ModeReport withLatency(String mode, LatencySummary s) {
    ModeReport base = SampleReports.fiveModes().modes().get(mode);
    return new ModeReport(mode, null, base.tdp(), base.iommu(), base.pinnedBytes(), base.counters(),
        base.zapsByCause(), Map.of("dma", s, "vcpuFault", s, "iommuQiWait", s), base.invariantViolations(),
        base.extra());
  }

  @Test
  void noChartsWhenEveryDesignRefused() {
    RunReport report =
        new RunReport(
            "s",
            "o",
            1,
            true,
            true,
            null,
            Map.of("viommu-shadow", ModeReport.refused("viommu-shadow", "cannot share")),
            new SimulatorReport(0, 0, 0, 0, 0));
    assertThat(ChartReporter.charts(report)).isEmpty();
  }

  @Test
  void faultsGoLogWhenTheyNeedMoreThanTwoDecadesAndSmallCountsGetEvenTicks() {
    // 54 page requests next to 4,437 faults need 10..10,000 on a log axis: three decades.
    assertThat(ChartReporter.decades(54, 4437)).isEqualTo(3);
    assertThat(ChartReporter.isWide(List.of(List.of(4437.0, 0.0), List.of(54.0, 0.0)))).isTrue();
    assertThat(ChartReporter.isWide(List.of(List.of(8.0, 8.0), List.of(0.0, 8.0)))).isFalse();
    assertThat(ChartReporter.niceCeil(8)).isEqualTo(10);
    assertThat(ChartReporter.niceCeil(4437)).isEqualTo(5000);
    org.knowm.xchart.CategoryChart faults = ChartReporter.chart("Faults", "Count");
    ModeReport a = new ModeReport("a", null, SampleReports.table(1), null, 0,
        Map.of("vcpuFaults", 4437L, "devicePageRequests", 54L), Map.of(), Map.of(), List.of(), Map.of());
    ChartReporter.addSeries(faults, List.of("a"), List.of(a), List.of("vCPU faults", "page requests", "DMA faults"),
        List.of(m -> m.counter("vcpuFaults"), m -> m.counter("devicePageRequests"), m -> m.counter("dmaFaults")));
    assertThat(faults.getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(faults.getSeriesMap()).containsOnlyKeys("vCPU faults", "page requests");
  }

  /**
   * PNGs are encoded in memory: an ImageIO cache file's stream is also closed by ImageIO's shutdown hook, which
   * printed a stack trace when a process exited while the start-up thread was closing one. With the cache on, a
   * stream for an in-memory output is a cache-file stream; after a PNG it must not be.
   */
  @Test
  void pngsAreEncodedWithoutACacheFile() throws IOException {
    javax.imageio.ImageIO.setUseCache(true);
    org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(16).height(16).build();
    chart.addSeries("s", new double[] {1}, new double[] {1});
    byte[] png = ChartReporter.toPng(chart);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(
        new java.io.ByteArrayOutputStream())) {
      assertThat(out).isNotInstanceOf(javax.imageio.stream.FileCacheImageOutputStream.class);
    }
  }

  @Test
  void theMigrationComparisonGoesLogWhenTheFinalRoundsFewPagesWouldVanish() {
    // 120 pages in round 2, 2 in the final round: 1..1,000 on a log axis, three decades.
    org.knowm.xchart.CategoryChart wide = ChartReporter.migrationChart(
        List.of(MigrationSample.mode("separate", 2), MigrationSample.mode("shared-iopf", 3)));
    assertThat(wide.getStyler().isYAxisLogarithmic()).isTrue();
    assertThat(wide.getYAxisTitle()).isEqualTo("Pages (log scale)");
    // 120 and 40: within two decades, linear.
    org.knowm.xchart.CategoryChart narrow = ChartReporter.migrationChart(
        List.of(MigrationSample.mode("separate"), MigrationSample.mode("shared-iopf")));
    assertThat(narrow.getStyler().isYAxisLogarithmic()).isFalse();
  }

  @Test
  void migrationRoundsChartStacksCpuAndDeviceAndMarksTheDowntime() {
    org.knowm.xchart.CategoryChart c = ChartReporter.migrationRoundsChart(MigrationSample.mode("shared-iopf"));
    assertThat(c.getTitle()).contains("downtime 9.00 us");
    assertThat(c.getStyler().isStacked()).isTrue();
    assertThat(c.getSeriesMap().get("dirtied by device only").getYData()).extracting(Number::longValue)
        .containsExactly(0L, 30L, 10L);
    assertThat(c.getSeriesMap().get("bulk copy (round 1)").getYData()).extracting(Number::longValue)
        .containsExactly(1000L, 0L, 0L);
    // The stop-and-copy round's bar is too small to see next to the bulk copy: its label carries its pages.
    Object finalRound = c.getSeriesMap().get("dirtied by CPU only").getXData().stream().reduce((a, b) -> b)
        .orElseThrow();
    long finalPages = 0;
    for (String series : List.of("dirtied by CPU only", "dirtied by device only", "dirtied by both")) {
      List<Number> ys = new java.util.ArrayList<>(c.getSeriesMap().get(series).getYData());
      finalPages += ys.get(ys.size() - 1).longValue();
    }
    assertThat(finalRound).isEqualTo("3 (final: " + finalPages + ")");
  }
}
