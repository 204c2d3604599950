package tdpsim.main.sweep;

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
import tdpsim.main.Main;
import tdpsim.main.progress.Progress;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;
import tdpsim.main.work.ModeResult;

class SweepRunnerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private SweepPlan plan() throws IOException {
    Path f = tmp.resolve("tiny.conf");
    Files.writeString(f, """
        sweep {
          scenario = "builtin:default"
          modes = [separate, shared-iopf]
          parameters { "tdpsim.cost.vm-exit" = [1us, 2us, 3us] }
          template { "tdpsim.scenario.run.duration" = 200us }
        }
        """);
    return SweepPlan.load(f, false);
  }

  /** A result made up from the item, no actors: table bytes grow with the point index. */
  private static ModeResult fake(tdpsim.main.work.WorkItem item) {
    TableReport t = new TableReport(item.index() + 1, 4096L * (item.index() + 1), Map.of(1, 1L));
    ModeReport r = new ModeReport(item.mode().configName(), null, t, null, 0, Map.of("vcpuFaults", 10L),
        Map.of(), Map.of(), List.of(), Map.of());
    return new ModeResult(r, 100, 10, 0.01, 1, true, "");
  }

  @Test
  void aFailingItemIsRecordedAndTheOthersStillRun() throws IOException {
    SweepPlan plan = plan();
    SweepRunner runner = new SweepRunner(plan, item -> {
      if (item.index() == 3) {
        throw new IllegalStateException("boom at 3");
      }
      return fake(item);
    }, 2);

    SweepResult result = runner.run(Progress.create(true, false));

    assertThat(result.results()).hasSize(6);
    assertThat(result.results()).extracting(r -> r.item().index()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(result.results().get(3).status()).isEqualTo("failed");
    assertThat(result.results().get(3).problem()).contains("boom at 3");
    assertThat(result.complete()).isFalse();
    assertThat(result.incompleteReason()).contains("1 of 6 items failed");

    SweepWriter.writeAll(tmp.resolve("out"), result, true);
    List<String> rows = Files.readAllLines(tmp.resolve("out/sweep.csv"));
    assertThat(rows).hasSize(1 + 6);
    assertThat(rows.get(0)).startsWith("point,tdpsim.cost.vm-exit,mode,seed,status,problem,");
    assertThat(rows.get(4)).startsWith("1,2us,shared-iopf,").contains(",failed,IllegalStateException: boom at 3,");
    JsonNode json = JSON.readTree(tmp.resolve("out/sweep.json").toFile());
    assertThat(json.get("complete").asBoolean()).isFalse();
    assertThat(json.get("points").get(1).get("modes").get("shared-iopf").get("status").asText()).isEqualTo("failed");
  }

  @Test
  void snapshotBeforeTheEndIsIncomplete() throws IOException {
    SweepRunner runner = new SweepRunner(plan(), SweepRunnerTest::fake, 1);
    SweepResult empty = runner.snapshot("interrupted");
    assertThat(empty.complete()).isFalse();
    assertThat(empty.incompleteReason()).isEqualTo("interrupted");
    assertThat(empty.results()).isEmpty();
  }

  @Test
  void sweepCommandRunsEveryPointInEveryDesignAndWritesCsvJsonAndCharts() throws IOException {
    Path f = tmp.resolve("e2e.conf");
    Files.writeString(f, """
        sweep {
          scenario = "builtin:default"
          modes = [separate, shared-iopf]
          parameters {
            "tdpsim.scenario.iommu.max-leaf" = [4KiB, 2MiB]
            "tdpsim.cost.vm-exit" = [1us, 2us]
          }
          template { "tdpsim.scenario.run.duration" = 200us }
        }
        """);
    Path out = tmp.resolve("e2e");
    Cli.Result r = Cli.run("sweep", f.toString(), "--quiet", "--parallelism", "2", "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    List<String> rows = Files.readAllLines(out.resolve("sweep.csv"));
    assertThat(rows).hasSize(1 + 4 * 2);
    List<String> header = List.of(rows.get(0).split(","));
    assertThat(header).contains("tables.total.bytes", "pinnedBytes", "counters.vcpuFaults",
        "latencyNs.vcpuFault.p50", "latencyNs.vcpuFault.p99", "invariantViolations");
    int status = header.indexOf("status");
    int violations = header.indexOf("invariantViolations");
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      assertThat(cells[status]).isEqualTo("ok");
      assertThat(cells[violations]).isEqualTo("0");
    }
    JsonNode json = JSON.readTree(out.resolve("sweep.json").toFile());
    assertThat(json.get("complete").asBoolean()).isTrue();
    assertThat(json.get("points")).hasSize(4);
    for (String chart : new String[] {"chart-scenario-iommu-max-leaf-table-bytes", "chart-scenario-iommu-max-leaf-faults",
        "chart-cost-vm-exit-table-bytes", "chart-cost-vm-exit-faults"}) {
      assertThat(out.resolve(chart + ".png")).isNotEmptyFile();
      assertThat(out.resolve(chart + ".svg")).isNotEmptyFile();
    }

    // Deterministic per point: a second run of the same sweep writes the same csv.
    Path again = tmp.resolve("again");
    assertThat(Cli.run("sweep", f.toString(), "--quiet", "--parallelism", "1", "--out", again.toString()).exitCode())
        .isZero();
    assertThat(Files.readString(again.resolve("sweep.csv"))).isEqualTo(Files.readString(out.resolve("sweep.csv")));
  }

  /** An on-demand design's rows, run two at a time and then one at a time in one JVM, are the same. */
  @Test
  void sharedIopfSweepRowsAreTheSameInOneJvm() throws IOException {
    Path f = tmp.resolve("iopf.conf");
    Files.writeString(f, """
        sweep {
          scenario = "builtin:default"
          modes = [shared-iopf]
          parameters { "tdpsim.cost.vm-exit" = [1us, 2us] }
          template { "tdpsim.scenario.run.duration" = 200us }
        }
        """);
    Path a = tmp.resolve("iopf-a");
    Path b = tmp.resolve("iopf-b");
    assertThat(Cli.run("sweep", f.toString(), "--quiet", "--parallelism", "2", "--out", a.toString()).exitCode())
        .isZero();
    assertThat(Cli.run("sweep", f.toString(), "--quiet", "--parallelism", "1", "--out", b.toString()).exitCode())
        .isZero();
    assertThat(Files.readString(b.resolve("sweep.csv"))).isEqualTo(Files.readString(a.resolve("sweep.csv")));
  }

  @Test
  void badSweepFileIsOneLineAndExitTwo() throws IOException {
    Path f = tmp.resolve("bad.conf");
    Files.writeString(f, "sweep { scenario = \"builtin:default\", parameters { \"tdpsim.cost.vm-exit\" = [] } }");
    Cli.Result r = Cli.run("sweep", f.toString(), "--quiet", "--out", tmp.resolve("x").toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString().contains(f.toString()).contains("at least one value");
    assertThat(tmp.resolve("x")).doesNotExist();
  }
}
