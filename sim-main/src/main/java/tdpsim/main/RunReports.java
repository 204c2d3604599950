package tdpsim.main;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.OutDir;
import tdpsim.main.report.ReportFormat;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.report.RunReport;
import tdpsim.main.report.TableReporter;

/**
 * The end of a run, local ({@link RunCommand}) or on the cluster ({@code ClusterRun}): writes the report set as a
 * whole ({@link OutDir#writeSet}: a temporary sibling renamed into place, so a reused {@code --out} never mixes two
 * runs), prints the table first (even when the set then cannot be written), and picks the exit code.
 */
public final class RunReports {
  private static final Logger LOG = LoggerFactory.getLogger(RunReports.class);

  /** The formats of a partial set written while a run goes on or from a shutdown hook (no charts). */
  public static final Set<ReportFormat> PARTIAL = EnumSet.of(ReportFormat.JSON, ReportFormat.CSV, ReportFormat.TABLE);

  private RunReports() {}

  /** Files a set holds besides the reports ({@code cluster.json}). */
  @FunctionalInterface
  public interface Extra {
    void writeInto(Path dir) throws IOException;
  }

  /**
   * Writes {@code report} in {@code formats} (and {@code extra}, when not null) as one set into {@code dir}; an
   * existing non-empty {@code dir} is replaced whole only when {@code replace}.
   */
  public static void write(Path dir, boolean replace, RunReport report, Set<ReportFormat> formats, Extra extra)
      throws IOException {
    OutDir.writeSet(dir, replace, d -> {
      ReportWriter.writeAll(d, report, formats);
      if (extra != null) {
        extra.writeInto(d);
      }
    });
  }

  /**
   * Prints the table (with {@code afterTable} under it) unless {@code quiet}, writes the whole set, and returns
   * the exit code: 1 when the set could not be written, the run is incomplete or a design saw an invariant
   * violation. A run that ran out of heap ends with that one line only ({@code outOfMemory}, or null).
   *
   * <p>The table is the run's first result and needs no file, so it comes before the set, whose charts take most
   * of the time writing does (1.2 to 2.0 s of a default run's 4 on two cores); "Reports written to" follows once the
   * set is in place. A Ctrl-C in between still gets the whole set: the signal waits for this method.
   */
  public static int finish(Path dir, boolean replace, RunReport report, Extra extra, boolean quiet,
      String afterTable, String outOfMemory) {
    if (!quiet) {
      System.out.print(new TableReporter().render(report));
      System.out.println();
      if (afterTable != null) {
        System.out.println(afterTable);
      }
      System.out.flush();
    }
    int code = 0;
    try {
      // Out of heap, the charts and the page may not fit: the partial set is the JSON, CSV and text reports.
      write(dir, replace, report, outOfMemory != null ? PARTIAL : EnumSet.allOf(ReportFormat.class), extra);
    } catch (IOException | RuntimeException e) {
      LOG.error("could not write the report to " + dir + ": " + e.getMessage() + "; nothing was written there");
      code = Main.EXIT_INCOMPLETE;
    }
    if (!quiet && code == 0) {
      System.out.println("Reports written to " + dir.toAbsolutePath());
    }
    if (outOfMemory != null) {
      LOG.error(outOfMemory);
      return Main.EXIT_INCOMPLETE;
    }
    report.modes().values().stream().filter(ModeReport::workUnfinished)
        .forEach(m -> LOG.warn(m.mode() + " reached run.duration before its work was done (workComplete: false)"));
    if (!report.complete()) {
      LOG.error("run incomplete: " + report.incompleteReason());
      return Main.EXIT_INCOMPLETE;
    }
    if (report.modes().values().stream().anyMatch(m -> !m.invariantViolations().isEmpty())) {
      LOG.error("invariant violations found; see invariantViolations in report.json");
      return Main.EXIT_INCOMPLETE;
    }
    return code;
  }
}
