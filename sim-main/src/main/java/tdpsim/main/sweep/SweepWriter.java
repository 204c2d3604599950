package tdpsim.main.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.report.ReportWriter;

/**
 * Writes a sweep's outputs into a directory, each file atomically (temp file + rename): {@code sweep.csv},
 * {@code sweep.json} and, unless {@code charts} is false, {@code sweep.html} and two charts per axis as PNG and SVG.
 * ({@code results.csv} and {@code sweep.jsonl} are the journal's: {@link SweepJournal}.)
 */
public final class SweepWriter {
  private SweepWriter() {}

  /** Writes every output of {@code result} into {@code dir} (created if needed); returns the files written. */
  public static List<Path> writeAll(Path dir, SweepResult result, boolean charts) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    byte[] csv = SweepCsv.render(result).getBytes(StandardCharsets.UTF_8);
    Path csvFile = dir.resolve(SweepCsv.FILE_NAME);
    ReportWriter.writeAtomically(csvFile, out -> out.write(csv));
    written.add(csvFile);
    Path json = dir.resolve(SweepJson.FILE_NAME);
    ReportWriter.writeAtomically(json, out -> SweepJson.write(result, out));
    written.add(json);
    if (charts) {
      List<SweepCharts.Named> all = SweepCharts.charts(result);
      byte[] html = SweepHtml.render(result, all).getBytes(StandardCharsets.UTF_8);
      Path page = dir.resolve(SweepHtml.FILE_NAME);
      ReportWriter.writeAtomically(page, out -> out.write(html));
      written.add(page);
      for (SweepCharts.Named c : all) {
        byte[] png = ChartReporter.toPng(c.chart());
        byte[] svg = ChartReporter.toSvg(c.chart());
        Path p = dir.resolve(c.name() + ".png");
        ReportWriter.writeAtomically(p, out -> out.write(png));
        Path s = dir.resolve(c.name() + ".svg");
        ReportWriter.writeAtomically(s, out -> out.write(svg));
        written.add(p);
        written.add(s);
      }
    }
    return List.copyOf(written);
  }
}
