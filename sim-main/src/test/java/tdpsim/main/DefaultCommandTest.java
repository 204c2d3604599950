package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tdpsim` without a subcommand takes run's --out, --modes, --seed and --quiet. */
class DefaultCommandTest {
  @TempDir Path tmp;

  /**
   * --log-level changes Logback's levels for the whole JVM, and the other CLI tests run in this JVM and count
   * stderr lines: put back the levels the shipped logback.xml sets.
   */
  @AfterEach
  void restoreShippedLogLevels() {
    var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    context.getLogger("tdpsim").setLevel(ch.qos.logback.classic.Level.INFO);
  }

  @Test
  void defaultCommandAcceptsOutModesSeedAndQuiet() throws IOException {
    Path out = tmp.resolve("default");
    Cli.Result r = Cli.run("--out", out.toString(), "--modes", "shared-iopf", "--seed", "77", "--quiet");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.get("seed").asLong()).isEqualTo(77);
    assertThat(report.get("modes").fieldNames()).toIterable().containsExactly("shared-iopf");
  }

  @Test
  void theWarmUpStartsForRunsOnly() {
    assertThat(Main.runsADesign(new String[0])).isTrue();
    assertThat(Main.runsADesign(new String[] {"run", "x.conf"})).isTrue();
    assertThat(Main.runsADesign(new String[] {"--out", "d"})).isTrue();
    assertThat(Main.runsADesign(new String[] {"--help"})).isFalse();
    assertThat(Main.runsADesign(new String[] {"--version"})).isFalse();
    assertThat(Main.runsADesign(new String[] {"sweep", "s.conf"})).isFalse();
    assertThat(Main.runsADesign(new String[] {"footprint"})).isFalse();
  }

  @Test
  void defaultCommandRefusesAnUnknownModeLikeRun() {
    Cli.Result r = Cli.run("--quiet", "--modes", "bogus", "--out", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("unknown mode 'bogus'");
  }

  @Test
  void logLevelIsCheckedAndInheritedBySubcommands() {
    Cli.Result bad = Cli.run("--log-level", "loud", "--quiet", "--out", tmp.toString());
    assertThat(bad.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(bad.err()).contains("--log-level: unknown level 'loud'");
    Cli.Result help = Cli.run("run", "--log-level", "info", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--log-level");
  }
}
