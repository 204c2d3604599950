package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: complete files or the previous ones, never half a file, never a stray temp file. */
class ReportWriterTest {

  @Test
  void writesEachRequestedFormatIntoACreatedDirectoryAndLeavesNoTempFiles(@TempDir Path tmp) throws IOException {
    Path dir = tmp.resolve("a/b");
    List<Path> written =
        ReportWriter.writeAll(
            dir, SampleReports.fiveModes(), EnumSet.of(ReportFormat.JSON, ReportFormat.CSV, ReportFormat.TABLE));
    assertThat(written)
        .containsExactly(
            dir.resolve(TableReporter.FILE_NAME), dir.resolve(JsonReporter.FILE_NAME), dir.resolve(CsvReporter.FILE_NAME),
            dir.resolve(ResultsCsv.FILE_NAME));
    assertThat(listing(dir)).containsExactlyInAnyOrder("report.txt", "report.json", "report.csv", "results.csv");
    assertThat(Files.readString(dir.resolve("report.json"))).isEqualTo(JsonReporterTest.json(SampleReports.fiveModes()));
    if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("report.csv"))))
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void failureMidWriteKeepsThePreviousFileAndRemovesTheTempFile(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("report.json");
    ReportWriter.writeAtomically(target, out -> out.write("previous".getBytes(StandardCharsets.UTF_8)));

    assertThatThrownBy(
            () ->
                ReportWriter.writeAtomically(
                    target,
                    out -> {
                      out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");

    assertThat(Files.readString(target)).isEqualTo("previous");
    assertThat(listing(dir)).containsExactly("report.json");
  }

  @Test
  void runtimeFailureInAReporterAlsoLeavesNothingHalfWritten(@TempDir Path dir) throws IOException {
    Reporter broken =
        (report, sink) ->
            sink.file(
                "report.csv",
                out -> {
                  out.write('x');
                  throw new IllegalStateException("bug");
                });
    assertThatThrownBy(() -> broken.write(SampleReports.fiveModes(), sinkOf(dir)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(listing(dir)).isEmpty();
  }

  @Test
  void defaultOutDirIsStampedFromTheGivenClock() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
    assertThat(ReportWriter.defaultOutDir(clock)).isEqualTo(Path.of("tdpsim-out", "20260304-050607"));
  }

  @Test
  void reporterFileNamesMustBePlain(@TempDir Path dir) {
    Reporter escaping = (report, sink) -> sink.file("../evil.txt", out -> {});
    assertThatThrownBy(() -> escaping.write(SampleReports.fiveModes(), sinkOf(dir)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The same checks and atomic write that writeAll's sink applies, for reporters built in the test. */
  private static Reporter.Sink sinkOf(Path dir) {
    return (name, body) -> {
      ReportWriter.checkFileName(name);
      ReportWriter.writeAtomically(dir.resolve(name), body);
    };
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
