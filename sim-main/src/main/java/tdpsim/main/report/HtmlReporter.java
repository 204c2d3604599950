package tdpsim.main.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One self-contained {@code report.html}: run header, an incomplete-run banner when needed, the comparison table
 * and the charts embedded as base64 PNG. It loads nothing from outside, so it can be mailed or archived alone.
 */
public final class HtmlReporter implements Reporter {
  public static final String FILE_NAME = "report.html";

  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;font-size:0.9em}"
          + "th,td{padding:2px 10px;border-bottom:1px solid #ddd}"
          + "td.v{text-align:right;font-family:monospace}"
          + "tr.section th{text-align:left;background:#eee;padding-top:8px}"
          + ".banner{background:#c62828;color:#fff;padding:8px;font-weight:bold}"
          + ".ok{background:#2e7d32;color:#fff;padding:8px}"
          + "img{display:block;margin:1em 0;max-width:100%}";

  @Override
  public void write(RunReport report, Sink sink) throws IOException {
    byte[] html = render(report).getBytes(StandardCharsets.UTF_8);
    sink.file(FILE_NAME, out -> out.write(html));
  }

  /** The whole page. */
  public String render(RunReport report) {
    ComparisonTable table = ComparisonTable.of(report);
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    sb.append("<title>tdpsim report: ").append(escape(report.scenario())).append("</title>\n");
    sb.append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    sb.append("<h1>tdpsim report: ").append(escape(report.scenario())).append("</h1>\n");
    sb.append("<p>origin ")
        .append(escape(report.origin()))
        .append(" &middot; seed ")
        .append(report.seed())
        .append(report.deterministic() ? " &middot; deterministic" : " &middot; not deterministic")
        .append("</p>\n");
    if (report.complete()) {
      sb.append("<div class=\"ok\">Complete run</div>\n");
    } else {
      sb.append("<div class=\"banner\">Incomplete run");
      if (report.incompleteReason() != null) {
        sb.append(": ").append(escape(report.incompleteReason()));
      }
      sb.append(" &mdash; figures are partial</div>\n");
    }
    sb.append("<h2>Verdict</h2>\n<pre class=\"verdict\">");
    Verdict.lines(report).forEach(line -> sb.append(escape(line)).append('\n'));
    sb.append("</pre>\n");
    appendTable(table, sb);
    if (!table.notes().isEmpty()) {
      sb.append("<ul class=\"notes\">\n");
      table.notes().forEach(note -> sb.append("<li>").append(escape(note)).append("</li>\n"));
      sb.append("</ul>\n");
    }
    List<ChartReporter.NamedChart> charts = ChartReporter.charts(report);
    if (!charts.isEmpty()) {
      sb.append("<h2>Charts</h2>\n");
      for (ChartReporter.NamedChart chart : charts) {
        sb.append("<img alt=\"")
            .append(escape(chart.title()))
            .append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(ChartReporter.toPng(chart.chart())))
            .append("\">\n");
      }
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void appendTable(ComparisonTable table, StringBuilder sb) {
    sb.append("<h2>Designs compared</h2>\n");
    if (table.modes().isEmpty()) {
      sb.append("<p>No designs ran.</p>\n");
      return;
    }
    sb.append("<table class=\"comparison\">\n<thead><tr><th></th>");
    table.modes().forEach(mode -> sb.append("<th>").append(escape(mode)).append("</th>"));
    sb.append("</tr></thead>\n<tbody>\n");
    int span = table.modes().size() + 1;
    for (ComparisonTable.Row row : table.rows()) {
      if (row.isSection()) {
        sb.append("<tr class=\"section\"><th colspan=\"")
            .append(span)
            .append("\">")
            .append(escape(row.label()))
            .append("</th></tr>\n");
        continue;
      }
      sb.append("<tr><td>").append(escape(row.label())).append("</td>");
      row.cells().forEach(cell -> sb.append("<td class=\"v\">").append(escape(cell)).append("</td>"));
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
  }

  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
