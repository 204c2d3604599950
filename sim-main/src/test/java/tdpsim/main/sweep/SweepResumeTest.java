package tdpsim.main.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;
import tdpsim.main.progress.Progress;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;

/** An interrupted sweep keeps its finished items; --resume runs only the others. */
class SweepResumeTest {
  @TempDir Path tmp;

  private SweepPlan plan(String name, String values) throws IOException {
    Path f = tmp.resolve(name + ".conf");
    Files.writeString(f, """
        sweep {
          scenario = "builtin:default"
          modes = [separate, shared-iopf]
          parameters { "tdpsim.cost.vm-exit" = %s }
          template { "tdpsim.scenario.run.duration" = 200us }
        }
        """.formatted(values));
    return SweepPlan.load(f, false);
  }

  private static ModeResult fake(WorkItem item) {
    TableReport t = new TableReport(item.index() + 1, 4096L * (item.index() + 1), Map.of(1, 1L));
    return new ModeResult(new ModeReport(item.mode().configName(), null, t, null, 0, Map.of("vcpuFaults", 10L),
        Map.of(), Map.of(), List.of(), Map.of()), 100, 10, 0.01, 1, true, "");
  }

  @Test
  void resumeSkipsTheItemsTheJournalHoldsAndRunsTheRest() throws IOException {
    SweepPlan plan = plan("six", "[1us, 2us, 3us]");
    Path dir = tmp.resolve("out");
    try (SweepJournal journal = SweepJournal.open(plan, dir, false)) {
      SweepResult all = new SweepRunner(plan, SweepResumeTest::fake, 2).run(Progress.create(true, false), journal);
      assertThat(all.results()).hasSize(6);
    }
    Path file = dir.resolve(SweepJournal.FILE_NAME);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1 + 6);
    // As if the sweep had been stopped after three items: the header, three lines and half of a fourth.
    Files.write(file, List.of(lines.get(0), lines.get(1), lines.get(2), lines.get(3),
        lines.get(4).substring(0, 20)));

    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    SweepJournal resumed = SweepJournal.open(plan, dir, true);
    assertThat(resumed.resumed()).hasSize(3);
    SweepResult result = new SweepRunner(plan, item -> {
      ran.add(item.index());
      return fake(item);
    }, 2).run(Progress.create(true, false), resumed);
    resumed.finish(result.results());

    assertThat(ran).hasSize(3).doesNotContainAnyElementsOf(resumed.resumed().keySet());
    assertThat(result.complete()).isTrue();
    assertThat(result.results()).extracting(r -> r.item().index()).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(Files.readAllLines(file)).hasSize(1 + 6);
    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    for (int point = 0; point < 3; point++) {
      String run = "point-" + point + ",";
      assertThat(csv.stream().filter(l -> l.startsWith(run) && l.contains(",tables.tdp.bytes,"))).hasSize(2);
    }
  }

  @Test
  void aJournalOfAnotherSweepIsRefused() throws IOException {
    SweepPlan six = plan("six", "[1us, 2us, 3us]");
    Path dir = tmp.resolve("other");
    try (SweepJournal journal = SweepJournal.open(six, dir, false)) {
      new SweepRunner(six, SweepResumeTest::fake, 1).run(Progress.create(true, false), journal);
    }
    SweepPlan two = plan("two", "[5us]");
    assertThatThrownBy(() -> SweepJournal.open(two, dir, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of this sweep's");
  }

  @Test
  void resumeWithoutAJournalIsAUsageError() {
    Cli.Result r = Cli.run("sweep", "--quiet", "--resume", tmp.resolve("nothing").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no sweep journal");
  }
}
