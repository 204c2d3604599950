package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's tally against what ships: {@code scripts/bad-inputs.sh} feeds the shaded jar 50 user mistakes (limits
 * the machine build enforces, broken and binary scenario and trace files, bad command-line values, unusable
 * {@code --out}) and each must end within 30 s with exit 2 and one line on stderr: no stack trace, no hang. Runs in
 * sim-main's integration-test phase, after the jar is packaged.
 */
class BadInputsJarIT {
  private static final Path ROOT = Cli.projectRoot();

  @Test
  void everyUserMistakeIsOneLineWithExitTwoFromTheJar() throws Exception {
    Path jar = ROOT.resolve("sim-main/target/tdpsim.jar");
    assertThat(jar).as("the shaded jar (this test runs after package)").isRegularFile();
    Path log = Files.createTempFile("tdpsim-bad-inputs", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/bad-inputs.sh").toString(), jar.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("TIMEOUT", "30");
      Process p = pb.start();
      boolean ended = p.waitFor(600, TimeUnit.SECONDS);
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      System.out.print(out);
      assertThat(ended).as("the script ends").isTrue();
      assertThat(out).contains("stack traces: 0, hangs: 0, other: 0");
      assertThat(p.exitValue()).as(out).isZero();
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
