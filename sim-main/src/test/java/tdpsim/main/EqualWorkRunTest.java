package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run.until = work}: every design does the same work, and a run cut by its cap says so. */
class EqualWorkRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  /** 2 vCPUs x 500 uniform accesses, one PRI NIC moving 256 KiB (64 pages) over a ring, in four designs. */
  private Path scenario(String duration) throws IOException {
    Path file = tmp.resolve("work.conf");
    Files.writeString(file, String.join("\n",
        "tdpsim.scenario {",
        "  name = equal-work",
        "  seed = 3",
        "  modes = [separate, shared-prepopulated, shared-iopf, separate-iopf]",
        "  run { until = work, duration = " + duration + ", max-accesses-per-vcpu = 500 }",
        "  vms = [{ name = vm, vcpus = 2, memslots = [{ gpa = 0, size = 64MiB }],",
        "           access { pattern = uniform, think-time = 100ns } }]",
        "  devices = [{ name = nic, vm = vm, ats = true, pri = true,",
        "               dma { pattern = ring, ring-size = 128KiB, total-bytes = 256KiB } }]",
        "}"));
    return file;
  }

  @Test
  void workModeEndsAtTheSameAccessCountInEveryDesign() throws IOException {
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("run", scenario("50ms").toString(), "--deterministic", "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    int designs = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = report.get("modes").fields(); it.hasNext(); designs++) {
      Map.Entry<String, JsonNode> mode = it.next();
      JsonNode m = mode.getValue();
      assertThat(m.get("counters").get("vcpuAccesses").asLong()).as(mode.getKey()).isEqualTo(2 * 500);
      assertThat(m.get("counters").get("dmaTranslations").asLong()).as(mode.getKey()).isEqualTo(256 / 4);
      assertThat(m.get("workComplete").asBoolean()).as(mode.getKey()).isTrue();
      // Ended on the work, well before the 50 ms cap.
      assertThat(m.get("virtualNs").asLong()).as(mode.getKey()).isLessThan(50_000_000L);
      assertThat(m.get("normalised").get("faultsPer1kAccesses").isNumber()).isTrue();
    }
    assertThat(designs).isEqualTo(4);
    assertThat(r.out()).contains("equal work: every design did all its work");
    assertThat(r.out().indexOf("Verdict")).isLessThan(r.out().indexOf("Page tables"));
  }

  @Test
  void aRunThatReachesItsCapIsMarkedWorkIncomplete() throws IOException {
    Path out = tmp.resolve("out");
    // 500 accesses at >= 100 ns each cannot fit in 20 us.
    Cli.Result r = Cli.run("run", scenario("20us").toString(), "--deterministic", "--modes", "shared-iopf",
        "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode mode = JSON.readTree(out.resolve("report.json").toFile()).get("modes").get("shared-iopf");
    assertThat(mode.get("workComplete").asBoolean()).isFalse();
    assertThat(mode.get("counters").get("vcpuAccesses").asLong()).isLessThan(1000);
    assertThat(r.out()).contains("WARNING: shared-iopf reached run.duration before its work was done");
    assertThat(r.errLines()).contains("tdpsim: warning: shared-iopf reached run.duration before its work was done "
        + "(workComplete: false)");
  }

  @Test
  void workWithoutAnEndIsRefusedInOneLine() throws IOException {
    Path file = tmp.resolve("endless.conf");
    Files.writeString(file, "tdpsim.scenario { run.until = work\n vms = [{ access.pattern = uniform }] }\n");
    Cli.Result r = Cli.run("run", file.toString(), "--quiet", "--out", tmp.resolve("o").toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString().contains("until", "max-accesses-per-vcpu");
  }

  @Test
  void anUnknownUntilNamesTheValidValues() throws IOException {
    Path file = tmp.resolve("bad.conf");
    Files.writeString(file, "tdpsim.scenario.run.until = forever\n");
    Cli.Result r = Cli.run("run", file.toString(), "--quiet", "--out", tmp.resolve("o").toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString().contains("run.until", "work, time");
  }
}
