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

  /**
   * Under run.until = work, a case in which a design hits the cap compares less work: one vCPU, 60 accesses that
   * all fault, a 400 us cap. The baseline finishes at 340 us in both designs; with tdp-fault x4 neither does.
   */
  @Test
  void aCaseWhoseDesignsDoNotFinishTheirWorkIsReported() throws IOException {
    Path f = Path.of("src/test/resources/work/tiny-work.conf");
    Path out = tmp.resolve("work-out");
    Cli.Result r = Cli.run("sensitivity", f.toString(), "--keys", "tdp-fault", "--parallelism", "2", "--out",
        out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode unfinished = new ObjectMapper().readTree(out.resolve("sensitivity.json").toFile()).get("unfinishedWork");
    assertThat(new ObjectMapper().convertValue(unfinished, Map.class))
        .isEqualTo(Map.of("tdp-fault x4", List.of("separate", "shared-iopf")));
    assertThat(r.out()).contains("WARNING: in 1 case(s) a design reached run.duration before its work was done")
        .contains("tdp-fault x4 (separate, shared-iopf)");
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

  /**
   * Model sizes whose source is an assumption are varied too, by their path under tdpsim, rounded to whole
   * numbers; one the scenario file sets itself is the scenario's choice and is not.
   */
  @Test
  void assumedModelSizesAreVariedUnlessTheScenarioSetsThem() throws IOException {
    SensitivityPlan plan = SensitivityPlan.of(scenario(), null, 0);
    assertThat(plan.assumptions()).contains("tdp-fault", "iommu.prq-workers")
        .containsSubsequence("defaults.device.devtlb-entries", "defaults.device.pri-max-outstanding",
            "scenario.iommu.iotlb-entries", "scenario.iommu.psi-max-pages")
        .doesNotContain("vm-exit", "scenario.iommu.pri-queue-depth", "defaults.vm.tlb-entries", "engine.window");
    Map<String, Object> low = null;
    Map<String, Object> high = null;
    for (SensitivityCase c : plan.cases()) {
      if ("defaults.device.pri-max-outstanding".equals(c.key())) {
        if (c.factor() < 1) {
          low = c.overrides();
        } else {
          high = c.overrides();
        }
      }
    }
    assertThat(low).isEqualTo(Map.of("tdpsim.defaults.device.pri-max-outstanding", 2L));
    assertThat(high).isEqualTo(Map.of("tdpsim.defaults.device.pri-max-outstanding", 32L));

    Path own = tmp.resolve("own.conf");
    Files.writeString(own, Files.readString(scenario()) + "tdpsim.scenario.iommu.iotlb-entries = 64\n");
    assertThat(SensitivityPlan.of(own, null, 0).assumptions()).doesNotContain("scenario.iommu.iotlb-entries")
        .contains("scenario.iommu.psi-max-pages");
    Cli.Result r = Cli.run("sensitivity", own.toString(), "--keys", "scenario.iommu.iotlb-entries");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--keys: scenario.iommu.iotlb-entries: its source is not an assumption in")
        .contains("(the scenario sets it itself)");
  }

  /**
   * The override reaches the simulation: a device without ATS cycling over a 576 KiB ring (144 pages) at 100 Gbit/s
   * for 8 ms (about 24,000 transfers) misses the IOTLB only in its first pass when the unit has 2048 entries (x4),
   * under 1 % of the transfers, but on every page when it has 128 (x0.25: an LRU smaller than the cycle), each
   * miss paying iommu-walk (500 ns): dma.p99 of x0.25 is above that of x4.
   */
  @Test
  void anIotlbSizeCaseChangesDmaLatency() throws IOException {
    Path f = tmp.resolve("iotlb.conf");
    Files.writeString(f, """
        tdpsim.scenario {
          name = iotlb-size
          seed = 3
          deterministic = true
          run.duration = 8ms
          modes = [separate, shared-prepopulated]
          vms = [{ name = vm, vcpus = 1, memslots = [{ gpa = 0, size = 16MiB }], access.think-time = 10us }]
          devices = [{ name = nic, vm = vm, kind = nic, ats = false, pri = false, dma { ring-size = 576KiB, rate = "100Gbit/s" } }]
        }
        """);
    Path out = tmp.resolve("out-iotlb");
    Cli.Result r = Cli.run("sensitivity", f.toString(), "--keys", "scenario.iommu.iotlb-entries",
        "--parallelism", "2", "--quiet", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.resolve("sensitivity.json").toFile());
    Map<String, Double> p99 = new java.util.LinkedHashMap<>();
    json.get("metrics").get("dma.p99").get("cases").forEach(c ->
        p99.put(c.get("case").asText(), c.get("values").get("separate").asDouble()));
    assertThat(p99.get("scenario.iommu.iotlb-entries x0.25")).isGreaterThan(p99.get("scenario.iommu.iotlb-entries x4"));
  }
}
