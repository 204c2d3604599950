package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
  @Test
  void writesTableJsonAndCsvWithTargets(@TempDir Path dir) throws Exception {
    BenchReport r = new BenchReport();
    r.context("mode", "shared-iopf");
    r.add("default", new Measurement("simulator, x", 2, 5, 2_000_000, 100_000, 1_000_000, 50, 10, 1.0, 1 << 20, 3,
        true, 0.8));
    r.target("accesses/s", 2e6, 20e6, "/s", "");
    r.target("ratio", 1.2, 1.0, "x", "");
    r.write(dir);
    assertThat(Files.readString(dir.resolve("bench.csv"))).contains("default,\"simulator, x\",2,5,2000000,2500000");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    var row = json.get("sections").get("default").get(0);
    assertThat(row.get("run").asText()).isEqualTo("simulator, x");
    assertThat(row.get("accessesPerSecond").asLong()).isEqualTo(2_500_000);
    assertThat(row.get("windowSeconds").decimalValue()).isEqualByComparingTo("0.8");
    assertThat(json.get("context").get("mode").asText()).isEqualTo("shared-iopf");
    assertThat(json.get("targets").get(0).get("met").asBoolean()).isFalse();
    assertThat(json.get("targets").get(1).get("met").asBoolean()).isTrue();
    assertThat(Files.readString(dir.resolve("bench.txt"))).contains("NOT  accesses/s").contains("MET  ratio")
        .contains(" 1.00   0.800");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bench.txt", "bench.json",
          "bench.csv");
    }
  }

  @Test
  void aFigureThatIsNotANumberIsAnEmptyCsvCellAndJsonNull(@TempDir Path dir) throws Exception {
    BenchReport r = new BenchReport();
    r.add("s", new Measurement("m", 1, 1, 0, 0, 0, 0, 0, 0.0, 0, 0, true, 0));
    r.target("t", Double.NaN, 1.0, "x", "");
    r.write(dir);
    assertThat(Files.readString(dir.resolve("bench.csv"))).startsWith("section,run,threads,").contains("\r\n")
        .doesNotContain("null").doesNotContain("NaN");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    assertThat(json.get("targets").get(0).get("measured").isNull()).isTrue();
  }

  @Test
  void ratesAreTakenOverTheWindowsWhenTheyWereTimedElseOverTheWholeRun() {
    Measurement timed = new Measurement("sim", 2, 5, 1_000, 100, 4_000, 2, 0, 2.0, 0, 0, true, 0.5);
    assertThat(timed.accessesPerSecond()).isEqualTo(2_000.0);
    assertThat(timed.messagesPerSecond()).isEqualTo(200.0);
    assertThat(timed.virtualNsPerSecond()).isEqualTo(8_000.0);
    Measurement untimed = new Measurement("build", 1, 5, 1_000, 0, 0, 0, 0, 2.0, 0, 0, true, 0);
    assertThat(untimed.accessesPerSecond()).isEqualTo(500.0);
  }
}
