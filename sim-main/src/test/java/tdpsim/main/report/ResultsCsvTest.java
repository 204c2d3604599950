package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** results.csv: one figure per row, numeric values with units, parameters as columns. */
class ResultsCsvTest {

  @Test
  void everyFigureIsOneRowWithANumericValueAndAUnit() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResultsCsv.write(SampleReports.fiveModes(), out);
    List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\r\n"));
    assertThat(lines.get(0)).isEqualTo("run,design,replication,vm,metric,value,unit,note");
    assertThat(lines).contains("demand-paging,separate,0,,tables.tdp.bytes,409600,bytes,");
    assertThat(lines).contains("demand-paging,separate,0,,counters.vcpuFaults,1000,faults,");
    assertThat(lines).anyMatch(l -> l.startsWith("demand-paging,viommu-shadow,0,,refused,1,flag,\"a shadowed"));
    for (String line : lines.subList(1, lines.size())) {
      String value = line.split(",")[5];
      assertThat(value).as(line).matches("-?[0-9]+(\\.[0-9]+)?");
    }
  }

  @Test
  void migrationFiguresPerVmAndPerRoundWithSweptParameters() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ResultsCsv csv = ResultsCsv.open(out, List.of("tdpsim.scenario.iommu.max-leaf"), false)) {
      csv.add("p3", Map.of("tdpsim.scenario.iommu.max-leaf", "2M"), 1, MigrationSample.mode("shared-iopf"));
    }
    List<String> lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\r\n"));
    assertThat(lines.get(0)).endsWith(",note,tdpsim.scenario.iommu.max-leaf");
    assertThat(lines).contains("p3,shared-iopf,1,,migration.downtimeNs,9000,ns,,2M");
    assertThat(lines).contains("p3,shared-iopf,1,0,migration.round.2.dirtiedByDevice,30,pages,,2M");
  }
  /**
   * compare writes the same rows as run for each of its two reports (run = A or B, the file in a last column
   * {@code report}): read back from report.json, every figure of the five designs, the refusal and the
   * migration rows included, comes out as run's results.csv has it.
   */
  @Test
  void compareWritesBothReportsFiguresAsRunDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws IOException {
    RunReport report = SampleReports.fiveModes();
    java.nio.file.Path dir = tmp.resolve("a");
    java.nio.file.Files.createDirectories(dir);
    try (java.io.OutputStream o = java.nio.file.Files.newOutputStream(dir.resolve("report.json"))) {
      new JsonReporter().write(report, o);
    }
    tdpsim.main.Cli.Result r = tdpsim.main.Cli.run("compare", dir.toString(), dir.toString(), "--out",
        tmp.resolve("cmp").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();

    ByteArrayOutputStream run = new ByteArrayOutputStream();
    ResultsCsv.write(report, run);
    List<String> runRows = Arrays.stream(run.toString(StandardCharsets.UTF_8).split("\r\n")).skip(1)
        .map(l -> l.substring(l.indexOf(',') + 1)).toList();
    List<String> compareLines = java.nio.file.Files.readAllLines(tmp.resolve("cmp").resolve(ResultsCsv.FILE_NAME));
    assertThat(compareLines.get(0)).isEqualTo("run,design,replication,vm,metric,value,unit,note,report");
    String suffix = "," + dir.resolve("report.json");
    for (String side : new String[] {"A", "B"}) {
      List<String> rows = compareLines.stream().filter(l -> l.startsWith(side + ",")).map(l -> {
        assertThat(l).endsWith(suffix);
        return l.substring(side.length() + 1, l.length() - suffix.length());
      }).toList();
      assertThat(rows).as(side).containsExactlyElementsOf(runRows);
    }
    assertThat(runRows).anyMatch(l -> l.contains(",migration.downtimeNs,"))
        .anyMatch(l -> l.startsWith("viommu-shadow,0,,refused,1,flag,"));
  }
}
