package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 through the CLI: rfc-tdp-fd's refusals (a design refused for an IOMMU with smaller leaves, unless
 * capped; devices refused when they cannot fault on every DMA path) and its missing dirty tracking (device writes
 * lost when the migration asks the IOMMU for D bits, none with all-at-stop).
 */
class RfcDesignRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private JsonNode run(String name, String scenario) throws IOException {
    Path file = tmp.resolve(name + ".conf");
    Files.writeString(file, scenario);
    Path out = tmp.resolve(name);
    Cli.Result r = Cli.run("run", file.toString(), "--deterministic", "--quiet", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(out.resolve("report.json").toFile()).get("modes");
  }

  private static String scenario(String extra, String device, String migration) {
    return """
        tdpsim.scenario {
          name = rfc
          run.duration = %s
          modes = [shared-iopf, rfc-tdp-fd]
          %s
          vms = [{ name = vm, memslots = [{ gpa = 0, size = 64MiB }], access { pattern = uniform, think-time = 1us } }]
          devices = [{ vm = vm, ats = true, pri = true, %s
                       dma { pattern = ring, buffer-base = 0x1000000, ring-size = 256KiB, rate = 1Gbit/s, write-ratio = 1.0 } }]
          %s
        }
        """.formatted(migration.isEmpty() ? "1ms" : "8ms", extra, device, migration);
  }

  @Test
  void anIommuWithSmallerLeavesMakesTheRfcRefuseTheDomainUnlessCapped() throws IOException {
    JsonNode refused = run("refuse", scenario("iommu.max-leaf = 2MiB", "", ""));
    assertThat(refused.get("rfc-tdp-fd").get("refusedReason").asText())
        .contains("largest leaf (2MiB) is smaller than KVM's (1GiB)").contains("huge-page-mismatch = refuse");
    assertThat(refused.get("shared-iopf").get("refusedReason").isNull()).isTrue();
    assertThat(refused.get("shared-iopf").get("counters").get("vcpuFaults").asLong()).isPositive();

    JsonNode capped = run("cap", scenario("iommu.max-leaf = 2MiB, rfc.huge-page-mismatch = cap", "", ""));
    assertThat(capped.get("rfc-tdp-fd").get("refusedReason").isNull()).isTrue();
    assertThat(capped.get("rfc-tdp-fd").get("counters").get("devicePageRequests").asLong()).isPositive();
  }

  @Test
  void aDeviceThatCannotFaultEverywhereIsRefusedByTheRfcAndPinnedInTheTalk() throws IOException {
    JsonNode modes = run("coverage", scenario("", "pri-coverage = 0.5", ""));
    JsonNode rfc = modes.get("rfc-tdp-fd");
    assertThat(rfc.get("counters").get("devicesRefused").asLong()).isEqualTo(1);
    assertThat(rfc.get("sharingRefusedReason").asText()).contains("vm/dev (pri-coverage 0.5)");
    assertThat(rfc.get("counters").get("dmaTranslations").asLong()).isZero();
    assertThat(rfc.get("pinnedBytes").asLong()).isZero();
    JsonNode talk = modes.get("shared-iopf");
    assertThat(talk.get("counters").get("devicesRefused").asLong()).isZero();
    // Half of the 256 KiB ring cannot fault: pinned and pre-faulted.
    assertThat(talk.get("pinnedBytes").asLong()).isEqualTo(128 * 1024);
    assertThat(talk.get("counters").get("pinnedBufferPages").asLong()).isEqualTo(32);
  }

  @Test
  void theRfcsKvmDomainHasNoDirtyTrackingSoDeviceWritesAreLostUnlessSentAtStop() throws IOException {
    String dBits = "migrations = [{ vm = vm, start = 500us, bandwidth = 400Gbit/s, max-rounds = 4, converge-pages = 64"
        + ", dirty-tracking = d-bits, device-tracking = iommu-d-bits }]";
    JsonNode lost = run("dbits", scenario("", "", dBits));
    assertThat(lost.get("rfc-tdp-fd").get("migration").get("lostWrites").asLong()).isPositive();
    assertThat(lost.get("shared-iopf").get("migration").get("lostWrites").asLong()).isZero();

    JsonNode atStop = run("atstop", scenario("", "", dBits.replace("iommu-d-bits", "all-at-stop")));
    assertThat(atStop.get("rfc-tdp-fd").get("migration").get("lostWrites").asLong()).isZero();
  }
}
