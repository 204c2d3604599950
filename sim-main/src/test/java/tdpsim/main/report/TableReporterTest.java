package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The terminal table: rows, ratios, refusals, width. */
class TableReporterTest {
  private final String text = new TableReporter().render(SampleReports.fiveModes());

  @Test
  void fitsInOneHundredTwentyColumns() {
    text.lines().forEach(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(120));
  }

  @Test
  void showsTableSizesPerDesignWithSharedIommuMarked() {
    assertThat(row("TDP pages")).containsSubsequence("100", "100", "100", "100", "refused");
    assertThat(row("IOMMU pages")).containsSubsequence("100", "shared", "shared", "60", "refused");
    assertThat(row("Total pages")).containsSubsequence("200", "100", "100", "160");
    assertThat(row("Total bytes")).containsSubsequence("800.00 KiB", "400.00 KiB", "400.00 KiB", "640.00 KiB");
    assertThat(row("TDP L1 pages")).containsSubsequence("96", "96", "96", "96");
    assertThat(row("IOMMU L4 pages")).containsSubsequence("1", "shared", "shared", "1");
    assertThat(row("Pinned bytes")).containsSubsequence("64.00 MiB", "64.00 MiB", "0 B", "0 B");
  }

  @Test
  void footprintRatioIsAgainstSeparate() {
    assertThat(row("Bytes vs separate")).containsSubsequence("1.00x", "0.50x", "0.50x", "0.80x", "refused");
  }

  @Test
  void listsEveryCounterZapCauseAndLatency() {
    for (String counter : ModeReport.COUNTER_ORDER) {
      assertThat(text).contains("  " + counter + " ");
    }
    assertThat(row("memslotUpdates")).containsSubsequence("2", "-", "-", "-");
    assertThat(row("zap mmu-notifier")).containsSubsequence("30", "30", "30", "40");
    assertThat(row("vcpuFault p50")).containsSubsequence("2.00 us", "2.10 us", "2.10 us", "2.00 us");
    assertThat(row("vcpuFault p99")).containsSubsequence("25.00 us", "31.00 us", "31.00 us", "40.00 us");
    assertThat(row("Invariant violations")).containsSubsequence("0", "0", "0", "1", "refused");
  }

  @Test
  void longDesignNamesWrapAtADashAndRefusalsAreExplained() {
    assertThat(text).contains("shared-").contains("prepopulated").contains("viommu-");
    assertThat(text).contains("viommu-shadow refused: a shadowed guest IOMMU table cannot be \"shared\", by design");
    assertThat(text).contains("separate-iopf violation: gfn 0x1234 mapped in IOMMU after zap, before drain");
    assertThat(text).contains("simulator: 1,234,567 events in 2.5 s");
  }

  @Test
  void incompleteRunCarriesABanner() {
    String incomplete = new TableReporter().render(SampleReports.fiveModes(false, "interrupted"));
    assertThat(incomplete).contains("*** INCOMPLETE RUN: interrupted");
    assertThat(text).doesNotContain("INCOMPLETE");
  }

  @Test
  void noRatioRowWithoutTheSeparateBaseline() {
    RunReport report = SampleReports.fiveModes();
    RunReport withoutBaseline =
        new RunReport(
            report.scenario(),
            report.origin(),
            report.seed(),
            true,
            true,
            null,
            Map.of("shared-iopf", report.modes().get("shared-iopf")),
            report.simulator());
    assertThat(new TableReporter().render(withoutBaseline)).doesNotContain("vs separate");
  }

  /** The cells of the row whose label is {@code label}, split on runs of two or more spaces. */
  private String row(String label) {
    return text.lines()
        .filter(line -> line.startsWith("  " + label + "  "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + label + " in\n" + text))
        .substring(label.length() + 2)
        .trim();
  }

  @Test
  void migrationRowsAppearWhenADesignMigrated() {
    ModeReport m = MigrationSample.mode("shared-iopf");
    RunReport run = new RunReport("mig", "test", 1, true, true, null, java.util.Map.of(m.mode(), m),
        new SimulatorReport(0, 0, 0, 0, 0));
    String text = new TableReporter().render(run);
    org.assertj.core.api.Assertions.assertThat(text).contains("Live migration")
        .containsPattern("Downtime +9\\.00 us").containsPattern("Pages sent +1,160").containsPattern("Rounds +3");
    String html = new HtmlReporter().render(run);
    org.assertj.core.api.Assertions.assertThat(html).contains("<td>Downtime</td><td class=\"v\">9.00 us</td>")
        .contains("alt=\"Pages dirtied per migration round, CPU and device: shared-iopf\"");
  }
}
