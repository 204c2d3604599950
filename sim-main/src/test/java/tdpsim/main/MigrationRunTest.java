package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claim 2 end to end: the shipped migration scenarios, their report section and the lost-write oracle. */
class MigrationRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private JsonNode run(String scenario, String... modes) throws IOException {
    Path out = tmp.resolve(scenario);
    Cli.Result r = Cli.run("run", Cli.projectRoot().resolve("scenarios/" + scenario + ".conf").toString(),
        "--deterministic", "--quiet", "--modes", String.join(",", modes), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(out.resolve("chart-migration-dirty.png")).isNotEmptyFile();
    return JSON.readTree(out.resolve("report.json").toFile());
  }

  @Test
  void dirtyBitsInEveryDesignLoseNoWriteAndReportEveryRound() throws IOException {
    JsonNode report = run("migration-nic-receive", "separate", "shared-prepopulated", "shared-iopf",
        "separate-iopf");
    for (JsonNode mode : report.get("modes")) {
      JsonNode m = mode.get("migration");
      assertThat(m.get("finished").asBoolean()).isTrue();
      assertThat(m.get("lostWrites").asLong()).isZero();
      assertThat(m.get("rounds").asLong()).isGreaterThan(1);
      assertThat(m.get("downtimeNs").asLong()).isPositive();
      JsonNode rounds = m.get("vms").get(0).get("perRound");
      assertThat(rounds.size()).isEqualTo(m.get("rounds").asInt());
      // Round 1 is the bulk copy of all 64 MiB.
      assertThat(rounds.get(0).get("pagesSent").asLong()).isEqualTo(16384);
      assertThat(rounds.get(1).get("dirtiedByDevice").asLong() + rounds.get(1).get("dirtiedByBoth").asLong())
          .isPositive();
      // The last live round is sent while the VM runs, so stop-and-copy sends what was dirtied meanwhile (the
      // working set is written steadily: thousands of pages), and the downtime includes that send. When the
      // pause went out at the last round's harvest instead, the final round sent 0 to 20 pages.
      JsonNode last = rounds.get(rounds.size() - 1);
      assertThat(last.get("pagesSent").asLong()).as(mode.toString()).isGreaterThan(1000);
      assertThat(m.get("downtimeNs").asLong()).isGreaterThanOrEqualTo(last.get("durationNs").asLong());
    }
  }

  @Test
  void sharedTableHarvestedOnlyThroughPmlLosesTheNicsWrites() throws IOException {
    JsonNode report = run("migration-unsafe-pml", "shared-iopf");
    JsonNode m = report.get("modes").get("shared-iopf").get("migration");
    assertThat(m.get("lostWrites").asLong()).isPositive();
    assertThat(m.get("vms").get(0).get("lostGfnSample").size()).isPositive();
  }

  @Test
  void separateTablesWithoutDeviceTrackingResendAllMemoryAtStop() throws IOException {
    JsonNode report = run("migration-device-dominant", "separate", "shared-iopf");
    JsonNode separate = report.get("modes").get("separate").get("migration");
    JsonNode shared = report.get("modes").get("shared-iopf").get("migration");
    JsonNode rounds = separate.get("vms").get(0).get("perRound");
    assertThat(rounds.get(rounds.size() - 1).get("pagesSent").asLong()).isEqualTo(16384);
    assertThat(separate.get("downtimeNs").asLong()).isGreaterThan(10 * shared.get("downtimeNs").asLong());
    assertThat(separate.get("lostWrites").asLong()).isZero();
    assertThat(shared.get("lostWrites").asLong()).isZero();
  }
}
