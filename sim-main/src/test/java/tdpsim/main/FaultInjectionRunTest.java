package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oracle catches the classic bugs: each one, injected through tdpsim.engine.fault-injection into the
 * library's dma-ring-invalidation scenario, makes the run report an invariant violation (and exit 1); run as
 * shipped it reports none (ScenarioLibraryRunTest).
 */
class FaultInjectionRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "skip-iotlb-invalidation, stale translation used after its invalidation completed",
      "skip-devtlb-flush, device-TLB hit",
      "skip-drain-wait, after a drain that completed without waiting"})
  void eachInjectedBugIsReportedAsAViolation(String injection, String expected) throws IOException {
    Path scenario = Cli.projectRoot().resolve("scenarios/dma-ring-invalidation.conf");
    Path conf = tmp.resolve(injection + ".conf");
    Files.writeString(conf, "include file(\"" + scenario.toString().replace("\\", "/") + "\")\n"
        + "tdpsim.engine.fault-injection = " + injection + "\n");
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("run", conf.toString(), "--modes", "shared-iopf", "--deterministic", "--quiet", "--out",
        out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    JsonNode violations = report.get("modes").get("shared-iopf").get("invariantViolations");
    assertThat(violations.size()).isPositive();
    assertThat(violations.get(0).asText()).contains(expected);
  }
}
