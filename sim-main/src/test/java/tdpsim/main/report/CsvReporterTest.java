package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV format: RFC 4180 quoting, one row per design, flattened columns. */
class CsvReporterTest {

  @Test
  void fieldsWithCommaQuoteOrLineBreakAreQuotedWithQuotesDoubled() throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (CsvTables csv = CsvTables.open(out, List.of("a", "b", "c", "d", "e", "f", "g"), true)) {
      csv.row(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", 12L));
    }
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("a,b,c,d,e,f,g\r\nplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,12\r\n");
  }

  @Test
  void perVmSeriesAreDottedColumnsNotMapText() {
    ModeReport m = MigrationSample.mode("shared-iopf");
    RunReport run = new RunReport("mig", "test", 1, true, true, null, java.util.Map.of(m.mode(), m),
        new SimulatorReport(0, 0, 0, 0, 0));
    String csv = new CsvReporter().render(run);
    assertThat(csv).doesNotContain("{").doesNotContain("=");
    assertThat(csv.split("\r\n")[0]).contains("extra.migration.vms.0.perRound.1.dirtiedByDevice");
  }

  @Test
  void oneRowPerDesignAfterAHeaderOfFlattenedColumns() {
    String csv = new CsvReporter().render(SampleReports.fiveModes());
    assertThat(csv).endsWith("\r\n");
    List<String> lines = Arrays.asList(csv.split("\r\n"));
    assertThat(lines).hasSize(6);
    List<String> header = Arrays.asList(lines.get(0).split(","));
    assertThat(header)
        .startsWith("scenario", "seed", "complete", "mode", "refusedReason", "tables.tdp.pages")
        .contains(
            "tables.iommu.bytes",
            "pinnedBytes",
            "counters.vcpuFaults",
            "counters.memslotUpdates",
            "zapsByCause.mmu-notifier",
            "latencyNs.vcpuFault.p50",
            "latencyNs.vcpuFault.p99",
            "invariantViolations",
            "extra.migration.rounds");
    assertThat(lines.get(1)).startsWith("demand-paging,42,true,separate,,100,409600,100,409600,200,819200,");
    assertThat(lines.get(2)).startsWith("demand-paging,42,true,shared-prepopulated,,100,409600,,,100,409600,");
    assertThat(lines.get(5))
        .startsWith(
            "demand-paging,42,true,viommu-shadow,\"a shadowed guest IOMMU table cannot be \"\"shared\"\", by design\",");
  }

  @Test
  void everyRowHasAsManyFieldsAsTheHeader() {
    String csv = new CsvReporter().render(SampleReports.fiveModes());
    String[] lines = csv.split("\r\n");
    int columns = fields(lines[0]);
    for (String line : lines) {
      assertThat(fields(line)).as(line).isEqualTo(columns);
    }
  }

  /** Counts fields of one record, honouring quotes. */
  private static int fields(String line) {
    int count = 1;
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        count++;
      }
    }
    return count;
  }
}
