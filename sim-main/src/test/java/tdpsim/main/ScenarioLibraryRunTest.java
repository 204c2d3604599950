package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the library ({@code scenarios/*.conf}) runs as shipped, in every design it lists, on the
 * deterministic engine, completes and reports no invariant violation. The whole library takes 15 to 25 s on two shared cores
 * (large-population, the largest, about 3 s), so nothing is excluded.
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
    }
  }
}
