package tdpsim.main.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Issue 19: writes the text, JSON and CSV reports of a small stand-in report into nothing, once, on the start-up
 * warm-up thread, so that the run's own report set does not begin by loading Jackson's CSV data binding (some
 * 450 classes) and the JSON generator while the charts wait.
 */
public final class ReportWarmUp {
  private ReportWarmUp() {}

  /** Renders the stand-in report in the text, JSON and CSV formats and drops the bytes; never throws. */
  public static void writers() {
    RunReport report = new RunReport("warm-up", "warm-up", 1, false, false, "warm-up",
        Map.of(RunReport.BASELINE_MODE, ModeReport.refused(RunReport.BASELINE_MODE, "warm-up")),
        new SimulatorReport(1, 1, 1, 1, 1), null, null, List.of("warm-up"));
    Reporter.Sink nowhere = (fileName, body) -> body.writeTo(OutputStream.nullOutputStream());
    for (ReportFormat format : List.of(ReportFormat.TABLE, ReportFormat.JSON, ReportFormat.CSV)) {
      try {
        format.create().write(report, nowhere);
      } catch (IOException | RuntimeException e) {
        // Only a warm-up: the run's own report meets any real problem.
      }
    }
  }
}
