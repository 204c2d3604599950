package tdpsim.main.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;

/** {@code sweep.repeat = N}: every point runs N replications in every design, summarised in sweep.json. */
class SweepRepeatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void everyPointGetsItsReplicationsAndTheSweepItsProvenance() throws IOException {
    Files.writeString(tmp.resolve("tiny.conf"), String.join("\n",
        "tdpsim.scenario {",
        "  name = tiny",
        "  run { until = work, duration = 50ms, max-accesses-per-vcpu = 200 }",
        "  vms = [{ name = vm, vcpus = 1, memslots = [{ gpa = 0, size = 2MiB }], access.pattern = uniform }]",
        "}"));
    Path sweep = tmp.resolve("rep.conf");
    Files.writeString(sweep, String.join("\n",
        "sweep {",
        "  scenario = tiny.conf",
        "  modes = [separate, shared-iopf]",
        "  repeat = 3",
        "  parameters { \"tdpsim.scenario.run.max-accesses-per-vcpu\" = [100, 200] }",
        "}"));
    SweepPlan plan = SweepPlan.load(sweep, true);
    List<tdpsim.main.work.WorkItem> items = plan.workItems();
    // 2 points x 3 replications x 2 designs; both designs of a replication share its seed.
    assertThat(items).hasSize(12);
    assertThat(items.get(0).seed()).isEqualTo(items.get(1).seed()).isEqualTo(plan.points().get(0).seed());
    assertThat(items.get(2).seed()).isNotEqualTo(items.get(0).seed());
    assertThat(plan.replicationOf(items.get(5))).isEqualTo(2);
    assertThat(plan.pointOf(items.get(6)).index()).isEqualTo(1);

    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("sweep", sweep.toString(), "--quiet", "--parallelism", "1", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = JSON.readTree(out.resolve("sweep.json").toFile());
    for (JsonNode point : json.get("points")) {
      JsonNode reps = point.get("replications");
      assertThat(reps.get("count").asInt()).isEqualTo(3);
      long accesses = point.get("index").asInt() == 0 ? 100 : 200;
      JsonNode a = reps.get("modes").get("shared-iopf").get("counters.vcpuAccesses");
      assertThat(a.get("mean").asDouble()).isEqualTo(accesses);
      assertThat(a.get("sd").asDouble()).isZero();
      assertThat(reps.get("pairedDifferences").get("shared-iopf - separate").get("counters.vcpuFaults")
          .get("withinNoise").asBoolean()).isTrue();
    }
    JsonNode first = json.get("points").get(0).get("modes").get("shared-iopf").get("report");
    assertThat(first.get("workComplete").asBoolean()).isTrue();
    assertThat(first.get("normalised").get("faultsPer1kAccesses").isNumber()).isTrue();
    JsonNode provenance = json.get("provenance");
    assertThat(provenance.get("replications").asInt()).isEqualTo(3);
    assertThat(provenance.get("seeds")).hasSize(6);
    assertThat(provenance.get("scenarioHocon").asText()).contains("# sweep rep.conf", "repeat");
    assertThat(provenance.get("hash").asText()).hasSize(64);
    assertThat(Files.readString(out.resolve("sweep.csv")).lines().findFirst().orElseThrow())
        .contains("seed,replication,status");
  }
}
