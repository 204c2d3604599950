package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as it ships: {@code java -jar sim-main/target/tdpsim.jar} with no command runs the
 * built-in default, prints the results table first and "Reports written to DIR" last, once the whole set (charts
 * included) is in DIR, and exits 0. That the table is printed before the set is written is
 * {@code RunReportsTest}'s: on standard output the two orders look the same.
 */
class DefaultRunJarIT {
  private static final Path ROOT = Cli.projectRoot();

  @Test
  void theDefaultRunPrintsItsTableFirstAndTheSetLast(@TempDir Path tmp) throws Exception {
    Path jar = ROOT.resolve("sim-main/target/tdpsim.jar");
    assertThat(jar).as("the shaded jar (this test runs after package)").isRegularFile();
    Path out = tmp.resolve("out");
    Path stdout = tmp.resolve("stdout.txt");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "--out", out.toString()).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    boolean ended = p.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("the default run ends").isTrue();
    List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
    assertThat(lines.get(0)).startsWith("tdpsim report: scenario builtin-default");
    assertThat(lines).anyMatch(l -> l.startsWith("Verdict"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("Reports written to " + out.toAbsolutePath());
    assertThat(out.resolve("report.json")).isRegularFile();
    assertThat(out.resolve("report.html")).isRegularFile();
    assertThat(out.resolve("chart-faults.png")).isRegularFile();
    assertThat(out.resolve("chart-faults.svg")).isRegularFile();
  }
}
