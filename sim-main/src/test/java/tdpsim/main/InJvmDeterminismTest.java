package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.protocol.Mode;

/**
 * {@code --deterministic} promises equal reports for equal seeds, also when the runs share a JVM (tests, sweeps,
 * a cluster member): two shipped scenarios, every design, run one after the other and then again, give the same
 * report.json byte for byte apart from the simulator's wall-clock figures. The second round also runs after a
 * different scenario, so state that outlived a run would show.
 */
class InJvmDeterminismTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALL = Arrays.stream(Mode.values()).map(Mode::configName)
      .collect(Collectors.joining(","));

  @TempDir
  Path tmp;

  private String run(String scenario, String out) throws IOException {
    Path dir = tmp.resolve(out);
    Cli.Result r = Cli.run("run", "--deterministic", "--quiet", "--modes", ALL, "--out", dir.toString(),
        Cli.projectRoot().resolve("scenarios").resolve(scenario).toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return Files.readString(dir.resolve("report.json"));
  }

  /** The report without the figures that measure the simulator itself on the wall clock. */
  private static String withoutWallClock(String report) throws IOException {
    ObjectNode tree = (ObjectNode) JSON.readTree(report);
    ObjectNode simulator = (ObjectNode) tree.get("simulator");
    simulator.remove(java.util.List.of("wallSeconds", "eventsPerSecond", "heapBytes"));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
  }

  @Test
  void shippedScenariosInEveryDesignGiveTheSameReportTwiceInOneJvm() throws IOException {
    String[] scenarios = {"unified-faults.conf", "zaps-avoided.conf"};
    String[] first = new String[scenarios.length];
    for (int i = 0; i < scenarios.length; i++) {
      first[i] = run(scenarios[i], "first-" + i);
    }
    for (int i = 0; i < scenarios.length; i++) {
      String again = run(scenarios[i], "again-" + i);
      assertThat(JSON.readTree(again).get("modes").size()).as(scenarios[i]).isEqualTo(Mode.values().length);
      // Every byte before the simulator section (the last field), then the simulator's own event counts.
      int cut = first[i].indexOf("\"simulator\"");
      assertThat(cut).isPositive();
      assertThat(again.substring(0, again.indexOf("\"simulator\""))).as(scenarios[i])
          .isEqualTo(first[i].substring(0, cut));
      assertThat(withoutWallClock(again)).as(scenarios[i]).isEqualTo(withoutWallClock(first[i]));
    }
  }
}
