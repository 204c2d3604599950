package tdpsim.main.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;
import tdpsim.main.work.LoadedScenario;
import tdpsim.protocol.Mode;

/**
 * A violation in one design stops that design's run only: the other designs still run, and each design's report
 * says whether it ran to the end ({@code stoppedEarly}), locally and on the cluster alike.
 */
class DesignStatusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The built-in scenario with the TLB-flush bug injected: shared-iopf meets a stale translation at ~0.5 ms. */
  private static Path violatingScenario(Path dir) throws Exception {
    String builtin;
    try (InputStream in = DesignStatusTest.class.getClassLoader()
        .getResourceAsStream("tdpsim/scenarios/builtin-default.conf")) {
      builtin = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("violation.conf");
    Files.writeString(file, builtin + "\ntdpsim.engine.fault-injection = skip-tlb-flush\n"
        + "tdpsim.scenario.run.duration = 20ms\n");
    return file;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aViolationInOneDesignDoesNotStopTheOthersLocallyOrOnTheCluster(@TempDir Path dir) throws Exception {
    Path scenario = violatingScenario(dir);
    Cli.Result local = Cli.run("run", scenario.toString(), "--deterministic", "--quiet", "--out",
        dir.resolve("local").toString());
    assertThat(local.exitCode()).as(local.err()).isEqualTo(1);
    JsonNode localReport = JSON.readTree(dir.resolve("local/report.json").toFile());
    assertDesignsCarryTheirOwnStatus(localReport);

    LoadedScenario loaded = LoadedScenario.load(scenario, Map.of(), true);
    try (TestCluster cluster = new TestCluster()) {
      ClusterNode worker = cluster.worker();
      cluster.awaitAllUp();
      int exit = ClusterRun.run(loaded, loaded.scenario().modes(), true, dir.resolve("cluster"), true, false,
          "127.0.0.1:" + worker.port(), TestCluster.BASE.withFallback(ConfigFactory.empty()));
      assertThat(exit).isEqualTo(1);
    }
    JsonNode clusterReport = JSON.readTree(dir.resolve("cluster/report.json").toFile());
    assertDesignsCarryTheirOwnStatus(clusterReport);
    assertThat(clusterReport.get("modes")).isEqualTo(localReport.get("modes"));
    assertThat(clusterReport.get("incompleteReason")).isEqualTo(localReport.get("incompleteReason"));
  }

  private static void assertDesignsCarryTheirOwnStatus(JsonNode report) {
    List<String> designs = new ArrayList<>();
    report.get("modes").fieldNames().forEachRemaining(designs::add);
    assertThat(designs).as("every design ran").containsExactly(Mode.SEPARATE.configName(),
        Mode.SHARED_PREPOPULATED.configName(), Mode.SHARED_IOPF.configName(), Mode.SEPARATE_IOPF.configName(),
        Mode.VIOMMU_SHADOW.configName());
    JsonNode iopf = report.get("modes").get("shared-iopf");
    assertThat(iopf.get("stoppedEarly").asText()).contains("invariant violation");
    assertThat(iopf.get("invariantViolations")).hasSize(1);
    for (String design : List.of("separate", "shared-prepopulated")) {
      assertThat(report.get("modes").get(design).has("stoppedEarly")).as(design).isFalse();
      assertThat(report.get("modes").get(design).get("invariantViolations")).as(design).isEmpty();
    }
    assertThat(report.get("complete").asBoolean()).isFalse();
    assertThat(report.get("incompleteReason").asText()).startsWith("shared-iopf: invariant violation");
  }
}
