package tdpsim.main.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;

/**
 * Under run.until = work a sweep row whose design reached the cap covers less work than the others, and the sweep
 * says so: {@code tiny-work.conf} (340 us of work in both designs) swept over caps of 100 us and 1 ms.
 */
class SweepUnfinishedWorkTest {
  @TempDir
  Path tmp;

  @Test
  void rowsThatDidNotFinishTheirWorkAreNamed() throws IOException {
    Files.copy(Path.of("src/test/resources/work/tiny-work.conf"), tmp.resolve("tiny-work.conf"));
    Path sweep = tmp.resolve("caps.conf");
    Files.writeString(sweep, """
        sweep {
          scenario = "tiny-work.conf"
          parameters { "tdpsim.scenario.run.duration" = [100us, 1ms] }
        }
        """);
    Cli.Result r = Cli.run("sweep", sweep.toString(), "--quiet", "--out", tmp.resolve("out").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("2 row(s) reached run.duration before their work was done")
        .contains("point 0 separate, point 0 shared-iopf").doesNotContain("point 1");
  }
}
