package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.report.SampleReports;

class RunReportsTest {
  /**
   * The results table is the run's first result: it is on standard output before the set (charts and all) is
   * written, and "Reports written to" comes once the set is in place (the sample's invariant violations make
   * the exit code 1, which does not matter here). The set's last file (the extra) sees the
   * table already printed.
   */
  @Test
  void theTableIsPrintedBeforeTheSetIsWritten(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("out");
    AtomicReference<String> printedWhileWriting = new AtomicReference<>();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      RunReports.finish(dir, false, SampleReports.fiveModes(),
          d -> printedWhileWriting.set(captured.toString(StandardCharsets.UTF_8)), false, null, null);
    } finally {
      System.setOut(old);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(printedWhileWriting.get()).startsWith("tdpsim report: scenario demand-paging")
        .doesNotContain("Reports written to");
    assertThat(out).startsWith(printedWhileWriting.get()).endsWith("Reports written to " + dir.toAbsolutePath()
        + System.lineSeparator());
    assertThat(Files.exists(dir.resolve("report.json"))).isTrue();
  }

  /** Quiet: the set, and nothing on standard output. */
  @Test
  void quietPrintsNothing(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      RunReports.finish(tmp.resolve("out"), false, SampleReports.fiveModes(), null, true, null, null);
    } finally {
      System.setOut(old);
    }
    assertThat(captured.size()).isZero();
    assertThat(Files.exists(tmp.resolve("out").resolve("report.json"))).isTrue();
  }
}
