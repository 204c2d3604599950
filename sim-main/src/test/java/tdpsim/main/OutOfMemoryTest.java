package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a run that passes the heap estimate at load but runs out of heap while it runs ends with one line that
 * says so and gives the heap used, exit 1, and a partial report whose incompleteReason is "out of memory". A real
 * JVM with a small -Xmx: one VM whose vCPUs touch 512 GiB at random on demand, so every fault adds table pages
 * until the heap is full (the floor the estimate checks is about 65 MiB; the heap is 96 MiB).
 */
class OutOfMemoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void outOfMemoryIsOneLineWithTheHeapUsedExitOneAndAPartialReport() throws Exception {
    Path scenario = Files.writeString(tmp.resolve("oom.conf"), """
        tdpsim.scenario {
          name = oom, run.duration = 10s, modes = [shared-iopf, separate]
          vms = [{ name = vm, vcpus = 4, memslots = [{ gpa = 0, size = 512GiB }],
                   access { pattern = uniform, think-time = 10ns } }]
        }
        """);
    Path out = tmp.resolve("out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", scenario.toString(), "--quiet", "--out", out.toString())
        .redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile()).start();
    boolean ended = p.waitFor(300, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("the run ends").isTrue();
    String err = Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
    List<String> lines = Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    assertThat(lines).as(err).singleElement().asString()
        .matches("tdpsim: out of memory: heap used [0-9.]+ [MG]iB of [0-9.]+ [MG]iB \\(-Xmx\\); .*");
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.get("complete").asBoolean()).isFalse();
    assertThat(report.get("incompleteReason").asText()).isEqualTo("out of memory");
    // The design that ran out is in the report, up to where it got; the next one did not start.
    assertThat(report.get("modes").get("shared-iopf").get("stoppedEarly").asText()).startsWith("out of memory");
    assertThat(report.get("modes").has("separate")).isFalse();
  }
}
