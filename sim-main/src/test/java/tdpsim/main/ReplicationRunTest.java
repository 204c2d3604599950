package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --repeat N}: the 95% interval of a figure whose true mean is known by hand holds it, paired
 * differences of designs that do not differ are "within noise", and the provenance records seeds and build.
 */
class ReplicationRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGES = 1024;
  private static final int ACCESSES = 1000;
  private static final int REPLICATIONS = 30;

  @TempDir
  Path tmp;

  /**
   * One vCPU draws 1000 pages uniformly from a 4 MiB slot (1024 pages of 4 KiB, nothing mapped at start in
   * either design: without devices nothing is pinned or pre-faulted). Each first touch of a page is one vCPU fault
   * and nothing else faults (no devices, no host events), so vcpuFaults = distinct pages drawn, whose mean is
   * the occupancy formula N (1 - (1 - 1/N)^M) = 1024 (1 - (1023/1024)^1000) = 638.5.
   */
  @Test
  void thirtyReplicationsPutTheTrueMeanOfDistinctPagesInsideTheInterval() throws IOException {
    Path file = tmp.resolve("tiny.conf");
    Files.writeString(file, String.join("\n",
        "tdpsim.scenario {",
        "  name = tiny",
        "  seed = 11",
        "  modes = [separate, shared-iopf]",
        "  run { until = work, duration = 100ms, max-accesses-per-vcpu = " + ACCESSES + " }",
        "  vms = [{ name = vm, vcpus = 1, memslots = [{ gpa = 0, size = 4MiB }], access.pattern = uniform }]",
        "}"));
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("run", file.toString(), "--deterministic", "--quiet", "--repeat",
        Integer.toString(REPLICATIONS), "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    JsonNode reps = report.get("replications");
    assertThat(reps.get("count").asInt()).isEqualTo(REPLICATIONS);
    Set<Long> seeds = new HashSet<>();
    reps.get("seeds").forEach(s -> seeds.add(s.asLong()));
    assertThat(seeds).hasSize(REPLICATIONS).contains(11L);

    double trueMean = PAGES * (1 - Math.pow(1 - 1.0 / PAGES, ACCESSES));
    assertThat(trueMean).isBetween(638.0, 639.0);
    for (String mode : new String[] {"separate", "shared-iopf"}) {
      JsonNode faults = reps.get("modes").get(mode).get("counters.vcpuFaults");
      assertThat(faults.get("n").asInt()).isEqualTo(REPLICATIONS);
      assertThat(faults.get("ciLow").asDouble()).as(mode).isLessThan(trueMean);
      assertThat(faults.get("ciHigh").asDouble()).as(mode).isGreaterThan(trueMean);
      assertThat(faults.get("sd").asDouble()).as(mode).isPositive();
    }
    // Common random numbers: both designs draw the same pages in replication r, so they fault alike.
    JsonNode diff = reps.get("pairedDifferences").get("shared-iopf - separate").get("counters.vcpuFaults");
    assertThat(diff.get("mean").asDouble()).isZero();
    assertThat(diff.get("withinNoise").asBoolean()).isTrue();

    JsonNode provenance = report.get("provenance");
    assertThat(provenance.get("replications").asInt()).isEqualTo(REPLICATIONS);
    assertThat(provenance.get("seeds").size()).isEqualTo(REPLICATIONS);
    assertThat(provenance.get("javaVersion").asText()).isEqualTo(System.getProperty("java.version"));
    assertThat(provenance.get("gitCommit").asText()).matches("[0-9a-f]{40}|unknown");
    assertThat(provenance.get("scenarioHocon").asText()).contains("max-accesses-per-vcpu=1000");
    assertThat(provenance.get("costModel").asText()).contains("vm-exit");
    assertThat(provenance.get("hash").asText()).hasSize(64);
    String text = Files.readString(out.resolve("report.txt"));
    assertThat(text).startsWith("tdpsim report").contains("mean of 30 replications");
  }
}
