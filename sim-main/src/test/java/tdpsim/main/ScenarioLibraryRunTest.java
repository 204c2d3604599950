package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the library ({@code scenarios/*.conf}) runs as shipped, in every design it lists, on the
 * deterministic engine, completes and reports no invariant violation. The whole library takes 15 to 25 s on two shared cores
 * (large-population, the largest, about 3 s), so nothing is excluded. The same runs check the directional
 * outcomes each scenario's README line promises ({@code scenarios/claims.txt}).
 */
class ScenarioLibraryRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(Cli.projectRoot().resolve("scenarios"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList().stream();
    }
  }

  @Test
  void theLibraryHoldsTheScenariosTheReadmeDescribes() throws IOException {
    assertThat(scenarios().map(p -> p.getFileName().toString())).contains("footprint.conf",
        "unified-faults.conf", "zaps-avoided.conf", "prepopulate.conf", "demand-paging.conf", "dirty-log.conf",
        "access-tracking.conf", "large-population.conf", "trace-replay.conf", "viommu.conf");
    String readme = Files.readString(Cli.projectRoot().resolve("README.md"));
    scenarios().forEach(p -> assertThat(readme).contains("`" + p.getFileName() + "`"));
  }

  static List<ScenarioClaims.Claim> claims() throws IOException {
    return ScenarioClaims.load(Cli.projectRoot().resolve("scenarios").resolve("claims.txt"));
  }

  @Test
  void everyScenarioHasClaimsAndEveryClaimAScenario() throws IOException {
    List<String> files = scenarios().map(p -> p.getFileName().toString()).toList();
    Set<String> claimed = claims().stream().map(ScenarioClaims.Claim::scenario).collect(Collectors.toSet());
    assertThat(claimed).as("scenarios without a claim in scenarios/claims.txt").containsAll(files);
    assertThat(files).as("claims of scenarios that do not exist").containsAll(claimed);
  }

  @Test
  void aFalseClaimIsReported() throws IOException {
    JsonNode report = JSON.readTree("{\"modes\": {\"a\": {\"counters\": {\"zaps\": 3},"
        + " \"tables\": {\"tdp\": {\"bytes\": 100}, \"iommu\": null}}, \"b\": {\"counters\": {\"zaps\": 0},"
        + " \"tables\": {\"tdp\": {\"bytes\": 100}, \"iommu\": {\"bytes\": 100}}, \"why\": \"x\"}}}");
    Path f = tmp.resolve("claims.txt");
    Files.writeString(f, "# c\nx.conf a:counters.zaps > b:counters.zaps\nx.conf a:tableBytes <= 0.51 * b:tableBytes\n"
        + "x.conf 2 * a:counters.zaps + 1 == 8\nx.conf b:why exists\nx.conf a:tables.iommu.bytes == 0\n"
        + "x.conf b:counters.zaps > 0\nx.conf a:tableBytes < 0.49 * b:tableBytes\n");
    List<ScenarioClaims.Claim> cs = ScenarioClaims.load(f);
    assertThat(cs).hasSize(7);
    for (int i = 0; i < 5; i++) {
      assertThat(ScenarioClaims.check(cs.get(i), report)).as(cs.get(i).text()).isNull();
    }
    assertThat(ScenarioClaims.check(cs.get(5), report)).contains("b:counters.zaps = 0");
    assertThat(ScenarioClaims.check(cs.get(6), report)).contains("= 100");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void runsCompleteWithoutInvariantViolations(Path scenario) throws IOException {
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("run", scenario.toString(), "--deterministic", "--quiet", "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.get("complete").asBoolean()).isTrue();
    assertThat(report.get("modes").size()).isPositive();
    for (Iterator<Map.Entry<String, JsonNode>> it = report.get("modes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> mode = it.next();
      assertThat(mode.getValue().get("invariantViolations")).as(mode.getKey()).isEmpty();
      // Equal work: under run.until = work the duration is a cap, and a shipped scenario's cap must let every
      // design finish (its report would otherwise open with "its figures cover less work").
      JsonNode workComplete = mode.getValue().get("workComplete");
      assertThat(workComplete == null || workComplete.asBoolean()).as(mode.getKey() + ": workComplete").isTrue();
    }
    String name = scenario.getFileName().toString();
    List<String> broken = new ArrayList<>();
    for (ScenarioClaims.Claim c : claims()) {
      if (c.scenario().equals(name)) {
        String why = ScenarioClaims.check(c, report);
        if (why != null) {
          broken.add("claims.txt line " + c.line() + ": " + why);
        }
      }
    }
    assertThat(broken).as("claims of " + name + " that the run does not show").isEmpty();
  }
}
