package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measured case of KERNEL-FACTS section 4, through the whole simulator: 256 vCPUs fault a 1 GiB page each
 * at once; zeroing 1 GiB takes 1 GiB / 25700 MiB/s = 39.84 ms of the host's shared bandwidth, so the k-th fault
 * waits (k - 1) x 39.84 ms and the last completes after 255 x 39.84 ms + page-alloc-1g (40 ms) = 10.2 s.
 */
class ZeroingQueueRunTest {
  @TempDir
  Path tmp;

  @Test
  void twoHundredFiftySixOneGigFaultsFinishAfterTenPointTwoSeconds() throws IOException {
    Path scenario = Cli.projectRoot().resolve("scenarios").resolve("queues").resolve("zeroing-256x1g.conf");
    Cli.Result r = Cli.run("run", scenario.toString(), "--deterministic", "--quiet", "--out", tmp.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode mode = new ObjectMapper().readTree(tmp.resolve("report.json").toFile()).get("modes").get("separate");
    JsonNode fault = mode.get("latencyNs").get("vcpuFault");
    assertThat(fault.get("count").asLong()).isEqualTo(256);
    // HdrHistogram keeps 2 significant digits: 10.2 s is recorded within 1 %.
    assertThat(fault.get("max").asDouble()).isBetween(10.1e9, 10.3e9);
    assertThat(fault.get("p50").asDouble()).isBetween(5.0e9, 5.2e9);
    JsonNode wait = mode.get("latencyNs").get("zeroingWait");
    assertThat(wait.get("max").asDouble()).isBetween(10.05e9, 10.25e9);
    assertThat(mode.get("queues").get("zeroing").get("busyNs").asLong()).isBetween(10_190_000_000L,
        10_210_000_000L);
  }
}
