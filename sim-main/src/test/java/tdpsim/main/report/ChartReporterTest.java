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
}
