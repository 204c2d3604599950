package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18: --out is checked before a run and a report set is written whole or not at all. */
class OutDirTest {
  @TempDir
  Path tmp;

  private static String problem(Path out, boolean force) {
    return OutDir.problem(out, force).orElse(null);
  }

  private long entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Test
  void badPlacesAreRefusedWithOneLine() throws IOException {
    assertThat(problem(Path.of(""), false)).isEqualTo("--out \"\": expected a directory name");
    assertThat(problem(Path.of("/proc/tdpsim"), false)).contains("under /proc, /sys or /dev");
    assertThat(problem(Path.of("/sys/kernel/tdpsim"), false)).contains("under /proc, /sys or /dev");
    Path file = Files.writeString(tmp.resolve("f"), "x");
    assertThat(problem(file, false)).endsWith("exists and is not a directory");
    assertThat(problem(file.resolve("sub"), false)).contains("cannot be created").contains("is not a directory");
    Path full = Files.createDirectories(tmp.resolve("full"));
    Files.writeString(full.resolve("report.json"), "{}");
    assertThat(problem(full, false)).contains("is not empty").contains("--force");
    assertThat(problem(full, true)).isNull();
    assertThat(problem(tmp.resolve("new/deeper"), false)).isNull();
    assertThat(problem(Files.createDirectories(tmp.resolve("empty")), false)).isNull();
  }

  @Test
  void aSetIsRenamedIntoPlaceAndForceReplacesTheOldOneWhole() throws IOException {
    Path out = tmp.resolve("out");
    OutDir.writeSet(out, false, d -> Files.writeString(d.resolve("a.txt"), "first"));
    Files.writeString(out.resolve("stale.txt"), "from an older run");

    OutDir.writeSet(out, true, d -> Files.writeString(d.resolve("a.txt"), "second"));

    assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("second");
    assertThat(out.resolve("stale.txt")).doesNotExist();
    assertThat(entries(tmp)).as("no temporary or old sibling left").isEqualTo(1);
  }

  @Test
  void aSetThatFailsHalfWayLeavesNothingAndKeepsTheOldSet() throws IOException {
    Path out = tmp.resolve("out");
    OutDir.writeSet(out, false, d -> Files.writeString(d.resolve("report.json"), "{\"complete\": true}"));

    // A full disk half way through the new set: the first file is written, the second fails.
    assertThatThrownBy(() -> OutDir.writeSet(out, true, d -> {
      Files.writeString(d.resolve("report.json"), "{\"complete\": true, \"new\": 1}");
      throw new IOException("No space left on device");
    })).hasMessage("No space left on device");

    assertThat(Files.readString(out.resolve("report.json"))).isEqualTo("{\"complete\": true}");
    assertThat(entries(tmp)).as("no temporary sibling left").isEqualTo(1);

    Path fresh = tmp.resolve("fresh");
    assertThatThrownBy(() -> OutDir.writeSet(fresh, false, d -> {
      Files.writeString(d.resolve("report.json"), "{\"complete\": true}");
      throw new IOException("No space left on device");
    })).isInstanceOf(IOException.class);
    assertThat(fresh).doesNotExist();
    assertThat(entries(tmp)).isEqualTo(1);
  }
}
