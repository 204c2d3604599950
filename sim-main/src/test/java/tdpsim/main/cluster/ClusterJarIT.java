package tdpsim.main.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;

/**
 * The cluster as users get it: the shaded {@code tdpsim.jar}, whose merged reference.conf differs from the module
 * classpath the other cluster tests run on. Runs in sim-main's {@code integration-test} phase (after the jar is
 * packaged; see sim-main/pom.xml), so {@code mvn verify} always has the jar: a missing jar is a failure here.
 */
class ClusterJarIT {
  private static final Path ROOT = Cli.projectRoot();
  private static final Path JAR = ROOT.resolve("sim-main/target/tdpsim.jar");

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void theJarsMembersRunWithTdpsimsClusterSettingsNotPekkosDefaults() throws Exception {
    assertThat(JAR).as("the shaded jar (this test runs after package)").isRegularFile();
    Path testClasses = Path.of(JarConfigProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // The jar first, so its reference.conf is the one loaded, as for `java -jar tdpsim.jar`.
    String out = run(List.of(javaBin(), "-cp", JAR + java.io.File.pathSeparator + testClasses,
        JarConfigProbe.class.getName()), Path.of("."), 50).output();
    System.out.print(out);
    assertThat(out).contains(
        "member pekko.cluster.downing-provider-class=org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        "member pekko.cluster.split-brain-resolver.active-strategy=keep-majority",
        "member pekko.cluster.split-brain-resolver.stable-after=7s",
        "member pekko.cluster.sharding.passivation.strategy=none",
        "member pekko.cluster.sharding.number-of-shards=100",
        "member pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes=30s");
  }

  @Test
  @Timeout(value = 200, unit = TimeUnit.SECONDS)
  void aSweepSurvivesAMemberKilledMidItemAndMatchesALocalRun(@TempDir Path work) throws Exception {
    assertThat(JAR).as("the shaded jar (this test runs after package)").isRegularFile();
    int seedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      seedPort = socket.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/cluster-kill.sh").toString());
    pb.environment().put("TDPSIM_JAR", JAR.toString());
    pb.environment().put("SEED_PORT", Integer.toString(seedPort));
    pb.environment().put("WORK", work.resolve("run").toString());
    pb.environment().put("TIMEOUT", "150");
    Result r = run(pb, ROOT, 190);
    System.out.print(r.output());
    assertThat(r.exit()).as("scripts/cluster-kill.sh exit; its output:%n%s", r.output()).isZero();
    assertThat(r.output()).contains("ran again on the survivors", "sweep.csv byte-identical to the local run");
  }

  private record Result(int exit, String output) {}

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Result run(List<String> command, Path dir, long timeoutSeconds) throws Exception {
    return run(new ProcessBuilder(new ArrayList<>(command)), dir, timeoutSeconds);
  }

  private static Result run(ProcessBuilder pb, Path dir, long timeoutSeconds) throws IOException,
      InterruptedException {
    Path log = Files.createTempFile("tdpsim-it", ".log");
    try {
      Process p = pb.directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, "timed out after " + timeoutSeconds + " s\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
