package tdpsim.main.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;
import tdpsim.main.Main;
import tdpsim.main.report.JsonReporter;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.Replications;
import tdpsim.main.report.RunReport;
import tdpsim.main.report.SimulatorReport;
import tdpsim.main.report.TableReport;

class CompareCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private static ModeReport mode(String name, long faults, long tablePages) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("vcpuFaults", faults);
    counters.put("zaps", 0L);
    return new ModeReport(name, null, new TableReport(tablePages, tablePages * 4096, Map.of(1, tablePages)), null,
        0, counters, Map.of(), Map.of(), List.of(), Map.of());
  }

  /** A report of two designs; with {@code faults.length > 1}, replicated (replication i has faults[i]). */
  private Path write(String dir, String scenario, long... faults) throws IOException {
    List<Map<String, ModeReport>> runs = new java.util.ArrayList<>();
    List<Long> seeds = new java.util.ArrayList<>();
    for (int i = 0; i < faults.length; i++) {
      Map<String, ModeReport> modes = new LinkedHashMap<>();
      modes.put("separate", mode("separate", 1000, 100));
      modes.put("shared-iopf", mode("shared-iopf", faults[i], 50));
      runs.add(modes);
      seeds.add((long) i);
    }
    RunReport report = new RunReport(scenario, "test", 0, true, true, null, runs.get(0),
        new SimulatorReport(0, 0, 0, 0, 0));
    if (faults.length > 1) {
      report = report.with(Replications.of(runs, seeds), null);
    }
    Path d = tmp.resolve(dir);
    Files.createDirectories(d);
    try (OutputStream out = Files.newOutputStream(d.resolve("report.json"))) {
      new JsonReporter().write(report, out);
    }
    return d;
  }

  @Test
  void sideBySideWithRatiosAndCompareJson() throws IOException {
    Path a = write("a", "s", 800);
    Path b = write("b", "s", 1200);
    Cli.Result r = Cli.run("compare", a.toString(), b.resolve("report.json").toString(), "--out",
        tmp.resolve("cmp").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    // 1200 / 800 = 1.5
    assertThat(r.out()).containsPattern("counters\\.vcpuFaults +800 +1,200 +1\\.500x");
    JsonNode cmp = JSON.readTree(tmp.resolve("cmp/compare.json").toFile());
    assertThat(cmp.get("comparable").asBoolean()).isTrue();
    assertThat(cmp.get("modes").get("shared-iopf").get("counters.vcpuFaults").get("ratio").asDouble())
        .isEqualTo(1.5);
    assertThat(cmp.get("modes").get("separate").get("counters.vcpuFaults").get("ratio").asDouble()).isEqualTo(1.0);
    // Zero in both: left out.
    assertThat(cmp.get("modes").get("separate").has("counters.zaps")).isFalse();
    assertThat(cmp.get("provenance").get("hash").asText()).hasSize(64);
  }

  @Test
  void compareJsonCarriesEachInputsWholeProvenance() throws IOException {
    Path a = write("a", "s", 800);
    Path b = write("b", "s", 1200);
    // Give A a provenance object (as a real run writes one); B has none.
    com.fasterxml.jackson.databind.node.ObjectNode reportA =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(a.resolve("report.json").toFile());
    reportA.putObject("provenance").put("scenarioHocon", "tdpsim.scenario { name = s }").put("hash", "ab12");
    JSON.writeValue(a.resolve("report.json").toFile(), reportA);

    Cli.Result r = Cli.run("compare", a.toString(), b.toString(), "--out", tmp.resolve("cmp").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode cmp = JSON.readTree(tmp.resolve("cmp/compare.json").toFile());
    assertThat(cmp.get("a").get("provenance").get("scenarioHocon").asText()).isEqualTo("tdpsim.scenario { name = s }");
    assertThat(cmp.get("a").get("provenance").get("hash").asText()).isEqualTo("ab12");
    assertThat(cmp.get("b").get("provenance").isNull()).isTrue();
  }

  @Test
  void replicatedOnBothSidesAddsAWelchIntervalAndTheNoiseFlag() throws IOException {
    Path a = write("a", "s", 100, 102, 98, 100);
    Path same = write("b", "s", 101, 99, 100, 100);
    Path worse = write("c", "s", 200, 202, 198, 200);
    Cli.Result r = Cli.run("compare", a.toString(), same.toString(), "--out", tmp.resolve("x").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode d = JSON.readTree(tmp.resolve("x/compare.json").toFile()).get("modes").get("shared-iopf")
        .get("counters.vcpuFaults");
    assertThat(d.get("withinNoise").asBoolean()).isTrue();
    assertThat(r.out()).contains("within noise");

    r = Cli.run("compare", a.toString(), worse.toString(), "--out", tmp.resolve("y").toString());
    d = JSON.readTree(tmp.resolve("y/compare.json").toFile()).get("modes").get("shared-iopf")
        .get("counters.vcpuFaults");
    assertThat(d.get("difference").get("mean").asDouble()).isEqualTo(100.0);
    assertThat(d.get("withinNoise").asBoolean()).isFalse();
  }

  @Test
  void differentScenariosAreRefusedInOneLineUnlessForced() throws IOException {
    Path a = write("a", "one", 800);
    Path b = write("b", "two", 800);
    Cli.Result r = Cli.run("compare", a.toString(), b.toString(), "--out", tmp.resolve("z").toString());
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString().contains("not comparable", "different scenarios");
    assertThat(tmp.resolve("z/compare.json")).doesNotExist();

    r = Cli.run("compare", a.toString(), b.toString(), "--force", "--out", tmp.resolve("z").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(tmp.resolve("z/compare.json").toFile()).get("comparable").asBoolean()).isFalse();
  }

  @Test
  void aMissingReportIsOneLine() {
    Cli.Result r = Cli.run("compare", tmp.resolve("nope").toString(), tmp.resolve("nada").toString());
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString().contains("no readable report.json");
  }
}
