package tdpsim.main.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;
import tdpsim.main.report.OutDir;

/**
 * A sweep's --out only ever holds a whole set: the journal goes to an in-progress directory beside it, the set is
 * renamed into place at the end, a reused --out is refused or (--force) replaced whole, a failed write leaves no
 * file claiming a complete sweep, and --resume continues a killed sweep's in-progress state.
 */
class SweepDirTest {
  @TempDir
  Path tmp;

  private List<String> siblings() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aReusedOutIsRefusedOrReplacedWholeAndAKilledSweepIsResumedFromItsState() throws IOException {
    Path f = tmp.resolve("two.conf");
    Files.writeString(f, """
        sweep {
          scenario = "builtin:default"
          modes = [separate, shared-iopf]
          template { "tdpsim.scenario.run.duration" = 200us }
        }
        """);
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("old.txt"), "an older sweep");
    Cli.Result r = Cli.run("sweep", f.toString(), "--quiet", "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("is not empty", "--force");

    r = Cli.run("sweep", f.toString(), "--quiet", "--parallelism", "1", "--force", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(out.resolve("old.txt")).doesNotExist();
    for (String file : new String[] {"sweep.csv", "sweep.json", "sweep.html", "sweep.jsonl", "results.csv"}) {
      assertThat(out.resolve(file)).isNotEmptyFile();
    }
    assertThat(siblings()).containsExactly("out", "two.conf");

    // As if the sweep had been killed outright (no hook) after its first item: only the in-progress state.
    List<String> journal = Files.readAllLines(out.resolve(SweepJournal.FILE_NAME));
    assertThat(journal).hasSize(3);
    OutDir.deleteTree(out);
    Path work = Files.createDirectories(SweepDir.workOf(out));
    Files.write(work.resolve(SweepJournal.FILE_NAME), journal.subList(0, 2));
    r = Cli.run("sweep", f.toString(), "--quiet", "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("unfinished sweep", "--resume");

    r = Cli.run("sweep", "--resume", out.toString(), "--parallelism", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("1 of 2 items already finished");
    assertThat(Files.readAllLines(out.resolve(SweepJournal.FILE_NAME))).hasSize(3);
    assertThat(out.resolve("sweep.json")).isNotEmptyFile();
    assertThat(siblings()).containsExactly("out", "two.conf");
  }

  @Test
  void aFailedWriteLeavesOutAsItWasAndNoFileClaimingACompleteSweep() throws IOException {
    Path out = tmp.resolve("set");
    SweepDir dir = SweepDir.start(out, false);
    Files.writeString(dir.work().resolve(SweepJournal.FILE_NAME), "{\"sweep\":\"x\"}\n");
    assertThatThrownBy(() -> dir.publish(d -> {
      Files.writeString(d.resolve("sweep.json"), "{\"complete\": true}");
      throw new IOException("No space left on device");
    })).hasMessageContaining("No space left");
    assertThat(out).doesNotExist();
    assertThat(siblings()).containsExactly("." + "set" + SweepDir.WORK_SUFFIX);
    try (Stream<Path> w = Files.list(dir.work())) {
      assertThat(w.map(p -> p.getFileName().toString())).containsExactly(SweepJournal.FILE_NAME);
    }

    assertThat(dir.publish(d -> Files.writeString(d.resolve("sweep.json"), "{\"complete\": true}"))).isTrue();
    assertThat(out.resolve(SweepJournal.FILE_NAME)).isNotEmptyFile();
    assertThat(out.resolve("sweep.json")).isNotEmptyFile();
    assertThat(siblings()).containsExactly("set");
    // Only the first publication counts (the end of the sweep or the Ctrl-C hook, whichever came first).
    assertThat(dir.publish(d -> Files.writeString(d.resolve("late.txt"), "late"))).isFalse();
    assertThat(out.resolve("late.txt")).doesNotExist();
  }

  @Test
  void resumingASetLeavesItInPlaceUntilTheNewOneIsWhole() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("partial"));
    Files.writeString(out.resolve(SweepJournal.FILE_NAME), "{\"sweep\":\"x\"}\n");
    Files.writeString(out.resolve("sweep.json"), "{\"complete\": false}");
    SweepDir dir = SweepDir.resume(out);
    assertThat(dir.work().resolve(SweepJournal.FILE_NAME)).hasContent("{\"sweep\":\"x\"}");
    assertThat(out.resolve("sweep.json")).hasContent("{\"complete\": false}");
    dir.publish(d -> Files.writeString(d.resolve("sweep.json"), "{\"complete\": true}"));
    assertThat(out.resolve("sweep.json")).hasContent("{\"complete\": true}");
    assertThat(siblings()).containsExactly("partial");
  }
}
