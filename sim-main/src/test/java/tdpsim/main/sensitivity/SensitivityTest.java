package tdpsim.main.sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;

/**
 * A tiny scenario whose VM start-up time ranks the designs by two assumed costs, and only by them: 16 MiB of
 * guest memory is 4096 pages; separate pins and maps every page at start (pin-map-4k = 500 ns, 2.05 ms),
 * shared-prepopulated prefaults every page (prefault-4k = 300 ns, 1.23 ms), both plus the same allocation.
 * Baseline: shared-prepopulated < separate. prefault-4k x4 (1200 ns) and pin-map-4k x0.25 (125 ns) reverse it;
 * prefault-4k x0.25 and pin-map-4k x4 keep it; tdp-fault does not enter start-up at all.
 */
class SensitivityTest {
  @TempDir
  Path tmp;

  private Path scenario() throws IOException {
    Path f = tmp.resolve("tiny.conf");
    Files.writeString(f, """
        tdpsim.scenario {
          name = tiny-start
          seed = 3
          run.duration = 100us
          modes = [separate, shared-prepopulated]
          vms = [{ name = vm, vcpus = 1, memslots = [{ gpa = 0, size = 16MiB }] }]
          devices = [{ name = nic, vm = vm, kind = nic, ats = false, pri = false }]
        }
        """);
    return f;
  }

  @Test
  void aKnownCostFlipsAKnownRanking() throws IOException {
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("sensitivity", scenario().toString(), "--keys", "prefault-4k,pin-map-4k,tdp-fault",
        "--joint", "2", "--parallelism", "2", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();

    JsonNode json = new ObjectMapper().readTree(out.resolve("sensitivity.json").toFile());
    JsonNode start = json.get("metrics").get("vmStartNs");
    assertThat(start.get("baselineRanking").asText()).isEqualTo("shared-prepopulated < separate");
    assertThat(start.get("robust").asBoolean()).isFalse();
    List<String> dependsOn = new ObjectMapper().convertValue(start.get("dependsOn"), List.class);
    assertThat(dependsOn).containsExactly("prefault-4k", "pin-map-4k");
    Map<String, Boolean> changed = new java.util.LinkedHashMap<>();
    Map<String, Double> ratioMove = new java.util.LinkedHashMap<>();
    start.get("cases").forEach(c -> {
      changed.put(c.get("case").asText(), c.get("rankingChanged").asBoolean());
      ratioMove.put(c.get("case").asText(), c.get("ratioVsBaseline").asDouble());
    });
    assertThat(changed).containsEntry("baseline", false)
        .containsEntry("prefault-4k x0.25", false).containsEntry("prefault-4k x4", true)
        .containsEntry("pin-map-4k x0.25", true).containsEntry("pin-map-4k x4", false)
        .containsEntry("tdp-fault x0.25", false).containsEntry("tdp-fault x4", false);
    assertThat(ratioMove.get("tdp-fault x4")).isEqualTo(1.0);
    assertThat(ratioMove.get("baseline")).isEqualTo(1.0);
    assertThat(json.get("jointDraws").asInt()).isEqualTo(2);

    String csv = Files.readString(out.resolve("sensitivity.csv"));
    assertThat(csv).startsWith("case,key,factor,factors,metric,ranking,rankingChanged,bestWorstRatio,"
        + "ratioVsBaseline,value.separate,value.shared-prepopulated\r\n");
    assertThat(csv).contains("prefault-4k x4,prefault-4k,4,,vmStartNs,separate < shared-prepopulated,true,");
    assertThat(out.resolve("tornado-vmStartNs.png")).isNotEmptyFile();
    assertThat(out.resolve("tornado-vmStartNs.svg")).isNotEmptyFile();
    assertThat(r.out()).contains("vmStartNs").contains("depends on prefault-4k, pin-map-4k");
  }

  @Test
  void aKeyThatIsNotAnAssumptionIsRefusedInOneLine() throws IOException {
    Cli.Result r = Cli.run("sensitivity", scenario().toString(), "--keys", "vm-exit");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--keys: vm-exit: its source is not an assumption");
  }

  @Test
  void rankingsCountOnlyStrictReversals() {
    Map<String, Double> base = new java.util.LinkedHashMap<>();
    base.put("a", 1.0);
    base.put("b", 2.0);
    base.put("c", 2.0);
    Map<String, Double> tieOpens = Map.of("a", 1.0, "b", 2.0, "c", 3.0);
    Map<String, Double> flip = Map.of("a", 3.0, "b", 2.0, "c", 2.0);
    assertThat(SensitivityResult.reversed(base, tieOpens, 0)).isFalse();
    assertThat(SensitivityResult.reversed(base, flip, 0)).isTrue();
    assertThat(SensitivityResult.ranking(base, 0)).isEqualTo("a < b = c");
    assertThat(SensitivityResult.ratio(base)).isEqualTo(2.0);
    // 1.0 and 1.04 are within 5 %: no ranking between them to change; 1.0 against 1.2 is.
    Map<String, Double> close = Map.of("a", 1.0, "b", 1.04);
    Map<String, Double> closeFlipped = Map.of("a", 1.04, "b", 1.0);
    assertThat(SensitivityResult.reversed(close, closeFlipped, 0.05)).isFalse();
    assertThat(SensitivityResult.reversed(close, closeFlipped, 0)).isTrue();
    assertThat(SensitivityResult.reversed(Map.of("a", 1.0, "b", 1.2), Map.of("a", 1.3, "b", 1.2), 0.05)).isTrue();
    assertThat(SensitivityResult.ranking(close, 0.05)).isEqualTo("a ~ b");
  }
}
