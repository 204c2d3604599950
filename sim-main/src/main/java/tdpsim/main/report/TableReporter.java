package tdpsim.main.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison table for people: one column per design, one row per figure, fixed width so that five designs
 * fit in 120 columns. Written as {@code report.txt}; the CLI prints {@link #render} on the terminal.
 */
public final class TableReporter implements Reporter {
  public static final String FILE_NAME = "report.txt";

  /** Widest header line of a design column; longer names wrap at a '-'. */
  private static final int MAX_HEADER_WIDTH = 12;

  private static final String GAP = "  ";

  @Override
  public void write(RunReport report, Sink sink) throws IOException {
    byte[] text = render(report).getBytes(StandardCharsets.UTF_8);
    sink.file(FILE_NAME, out -> out.write(text));
  }

  /** The whole table with its header and notes, lines ending in {@code \n}. */
  public String render(RunReport report) {
    ComparisonTable table = ComparisonTable.of(report);
    StringBuilder sb = new StringBuilder();
    sb.append("tdpsim report: scenario ")
        .append(report.scenario())
        .append(", seed ")
        .append(report.seed())
        .append(report.deterministic() ? ", deterministic" : ", not deterministic")
        .append('\n');
    sb.append("origin: ").append(report.origin()).append('\n');
    if (!report.complete()) {
      sb.append("*** INCOMPLETE RUN");
      if (report.incompleteReason() != null) {
        sb.append(": ").append(report.incompleteReason());
      }
      sb.append(" -- figures are partial ***\n");
    }
    sb.append('\n');
    Verdict.lines(report).forEach(line -> sb.append(line).append('\n'));
    sb.append('\n');
    if (table.modes().isEmpty()) {
      sb.append("(no designs ran)\n");
    } else {
      renderGrid(table, sb);
    }
    if (!table.notes().isEmpty()) {
      sb.append('\n');
      table.notes().forEach(note -> sb.append(note).append('\n'));
    }
    List<String> selftest = SelftestLines.of(report);
    if (!selftest.isEmpty()) {
      sb.append('\n');
      selftest.forEach(line -> sb.append(line).append('\n'));
    }
    return sb.toString();
  }

  private static void renderGrid(ComparisonTable table, StringBuilder sb) {
    List<String[]> headers = new ArrayList<>();
    for (String mode : table.modes()) {
      headers.add(wrapHeader(mode));
    }
    int labelWidth = 0;
    int[] widths = new int[headers.size()];
    for (int col = 0; col < widths.length; col++) {
      for (String part : headers.get(col)) {
        widths[col] = Math.max(widths[col], part.length());
      }
    }
    for (ComparisonTable.Row row : table.rows()) {
      labelWidth = Math.max(labelWidth, row.label().length() + (row.isSection() ? 0 : 2));
      if (!row.isSection()) {
        for (int col = 0; col < widths.length; col++) {
          widths[col] = Math.max(widths[col], row.cells().get(col).length());
        }
      }
    }
    for (int line = 0; line < 2; line++) {
      StringBuilder header = new StringBuilder(pad("", labelWidth, false));
      for (int col = 0; col < widths.length; col++) {
        String[] parts = headers.get(col);
        String text = parts.length == 2 ? parts[line] : (line == 1 ? parts[0] : "");
        header.append(GAP).append(pad(text, widths[col], true));
      }
      String text = stripTrailing(header);
      if (!text.isEmpty()) {
        sb.append(text).append('\n');
      }
    }
    int total = labelWidth;
    for (int width : widths) {
      total += GAP.length() + width;
    }
    sb.append("-".repeat(total)).append('\n');
    for (ComparisonTable.Row row : table.rows()) {
      if (row.isSection()) {
        sb.append(row.label()).append('\n');
        continue;
      }
      StringBuilder line = new StringBuilder(pad("  " + row.label(), labelWidth, false));
      for (int col = 0; col < widths.length; col++) {
        line.append(GAP).append(pad(row.cells().get(col), widths[col], true));
      }
      sb.append(stripTrailing(line)).append('\n');
    }
  }

  /** One or two header lines for a design name, split after a '-' when the name is wider than a column. */
  static String[] wrapHeader(String mode) {
    if (mode.length() <= MAX_HEADER_WIDTH) {
      return new String[] {mode};
    }
    int split = mode.lastIndexOf('-', MAX_HEADER_WIDTH - 1);
    if (split <= 0) {
      return new String[] {mode};
    }
    return new String[] {mode.substring(0, split + 1), mode.substring(split + 1)};
  }

  private static String pad(String text, int width, boolean right) {
    if (text.length() >= width) {
      return text;
    }
    String fill = " ".repeat(width - text.length());
    return right ? fill + text : text + fill;
  }

  private static String stripTrailing(StringBuilder line) {
    return line.toString().stripTrailing();
  }
}
