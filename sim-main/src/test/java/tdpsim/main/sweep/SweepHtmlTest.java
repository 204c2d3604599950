package tdpsim.main.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import tdpsim.main.progress.Progress;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;

/** sweep.html and the sweep charts: human titles, numeric size axes, best design per point, refusals shown. */
class SweepHtmlTest {
  @TempDir Path tmp;

  /** separate: 3 pages per point; shared-iopf: 1 page; viommu-shadow refuses. */
  private static ModeResult fake(WorkItem item) {
    if (item.mode().configName().equals("viommu-shadow")) {
      return new ModeResult(ModeReport.refused("viommu-shadow", "cannot share a shadowed table"), 0, 0, 0, 0,
          true, "");
    }
    long pages = item.mode().configName().equals("separate") ? 3 : 1;
    TableReport t = new TableReport(pages, 4096L * pages, Map.of(1, pages));
    return new ModeResult(new ModeReport(item.mode().configName(), null, t, null, 0, Map.of("vcpuFaults", 10L),
        Map.of(), Map.of(), List.of(), Map.of()), 100, 10, 0.01, 1, true, "");
  }

  @Test
  void pageNamesTheBestDesignPerPointAndChartsUseNumericSizeAxes() throws IOException {
    Path f = tmp.resolve("leaf.conf");
    Files.writeString(f, """
        sweep {
          scenario = "builtin:default"
          modes = [separate, shared-iopf, viommu-shadow]
          parameters { "tdpsim.scenario.iommu.max-leaf" = [4KiB, 2MiB, 1GiB] }
        }
        """);
    SweepPlan plan = SweepPlan.load(f, false);
    SweepResult result = new SweepRunner(plan, SweepHtmlTest::fake, 1).run(Progress.create(true, false));
    List<SweepCharts.Named> charts = SweepCharts.charts(result);
    assertThat(charts.get(0).chart()).isInstanceOf(XYChart.class);
    XYChart bytes = (XYChart) charts.get(0).chart();
    assertThat(bytes.getXAxisTitle()).isEqualTo("IOMMU max leaf (log2 scale)");
    assertThat(bytes.getSeriesMap().get("shared-iopf").getXData()).containsExactly(12.0, 21.0, 30.0);
    assertThat(bytes.getSeriesMap()).doesNotContainKey("viommu-shadow");

    String html = SweepHtml.render(result, charts);
    assertThat(html).contains("<td>IOMMU max leaf</td><td><code>tdpsim.scenario.iommu.max-leaf</code>")
        .contains("refused: cannot share a shadowed table")
        .contains("<td>shared-iopf</td></tr>");
    assertThat(html.split("<td>shared-iopf</td></tr>", -1)).hasSize(4);

    SweepWriter.writeAll(tmp.resolve("out"), result, true);
    assertThat(tmp.resolve("out/sweep.html")).isNotEmptyFile();
  }

  @Test
  void humanNamesDropTheKeyPath() {
    assertThat(SweepCharts.humanName("tdpsim.scenario.iommu.max-leaf")).isEqualTo("IOMMU max leaf");
    assertThat(SweepCharts.humanName("tdpsim.cost.vm-exit")).isEqualTo("VM exit");
    assertThat(SweepCharts.humanName("ring-size")).isEqualTo("Ring size");
  }
}
