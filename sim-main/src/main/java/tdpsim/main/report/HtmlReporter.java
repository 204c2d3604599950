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

  public static final String STYLE =
      "body{font-family:sans-serif;margin:2em;color:#222}"
          + "table{border-collapse:collapse;font-size:0.9em}"
          + "th,td{padding:2px 10px;border-bottom:1px solid #ddd}"
          + "td.v{text-align:right;font-family:monospace}"
          + "tr.section th{text-align:left;background:#eee;padding-top:8px}"
          + ".banner{background:#c62828;color:#fff;padding:8px;font-weight:bold}"
          + ".ok{background:#2e7d32;color:#fff;padding:8px}"
          + "img{display:block;margin:1em 0;max-width:100%}"
          + "td[title]{text-decoration:underline dotted #999;cursor:help}"
          + ".unit{color:#888;font-size:0.8em}"
          + ".refused{color:#b71c1c}"
          + "details{margin:1.5em 0}summary{cursor:pointer;font-weight:bold}";

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
    appendTable(table, report, sb, false);
    if (!table.notes().isEmpty()) {
      sb.append("<ul class=\"notes\">\n");
      table.notes().forEach(note -> sb.append("<li>").append(escape(note)).append("</li>\n"));
      sb.append("</ul>\n");
    }
    List<ChartReporter.Rendered> charts = ChartReporter.rendered(report);
    if (!charts.isEmpty()) {
      sb.append("<h2>Charts</h2>\n");
      String leftOut = refusedLeftOut(report);
      if (!leftOut.isEmpty()) {
        sb.append("<p class=\"refused\">Not charted: ").append(escape(leftOut)).append("</p>\n");
      }
      for (ChartReporter.Rendered chart : charts) {
        sb.append("<img alt=\"")
            .append(escape(chart.chart().title()))
            .append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(chart.png()))
            .append("\">\n");
      }
    }
    if (!table.modes().isEmpty()) {
      sb.append("<details>\n<summary>Every counter and per-level table pages</summary>\n");
      appendTable(table, report, sb, true);
      sb.append("</details>\n");
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  /**
   * The comparison table. The first ({@code detail == false}) holds the page-table totals, the live-migration
   * rows, the headline counters, zaps, latency and checks; the detail table holds the rest (every other counter,
   * pages per level). Counter labels and tooltips come from {@link CounterCatalogue}; a refused cell's tooltip is
   * the refusal reason.
   */
  private static void appendTable(ComparisonTable table, RunReport report, StringBuilder sb, boolean detail) {
    if (!detail) {
      sb.append("<h2>Designs compared</h2>\n");
      if (table.modes().isEmpty()) {
        sb.append("<p>No designs ran.</p>\n");
        return;
      }
    }
    sb.append("<table class=\"comparison\">\n<thead><tr><th></th>");
    table.modes().forEach(mode -> sb.append("<th>").append(escape(mode)).append("</th>"));
    sb.append("</tr></thead>\n<tbody>\n");
    int span = table.modes().size() + 1;
    String section = "";
    String pendingSection = null;
    for (ComparisonTable.Row row : table.rows()) {
      if (row.isSection()) {
        section = row.label();
        pendingSection = row.label();
        continue;
      }
      if (isDetail(section, row.label()) != detail) {
        continue;
      }
      if (pendingSection != null) {
        sb.append("<tr class=\"section\"><th colspan=\"")
            .append(span)
            .append("\">")
            .append(escape(pendingSection))
            .append("</th></tr>\n");
        pendingSection = null;
      }
      CounterCatalogue.Entry entry = "Events".equals(section) ? CounterCatalogue.find(row.label()) : null;
      if (entry == null) {
        sb.append("<tr><td>").append(escape(row.label())).append("</td>");
      } else {
        sb.append("<tr><td title=\"").append(escape(tooltip(entry))).append("\">")
            .append(escape(entry.label()))
            .append(" <span class=\"unit\">").append(escape(entry.unit())).append("</span></td>");
      }
      List<String> modes = table.modes();
      for (int col = 0; col < row.cells().size(); col++) {
        String cell = row.cells().get(col);
        ModeReport mode = report.modes().get(modes.get(col));
        if (ComparisonTable.REFUSED.equals(cell) && mode != null && mode.isRefused()) {
          sb.append("<td class=\"v refused\" title=\"").append(escape(mode.refusedReason())).append("\">")
              .append(escape(cell)).append("</td>");
        } else {
          sb.append("<td class=\"v\">").append(escape(cell)).append("</td>");
        }
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table>\n");
  }

  /** Rows for the detail table: non-headline counters and per-level table pages. */
  private static boolean isDetail(String section, String label) {
    if ("Events".equals(section)) {
      return !ModeReport.COUNTER_ORDER.contains(label);
    }
    return "Page tables".equals(section) && label.matches("(TDP|IOMMU) L\\d+ pages");
  }

  static String tooltip(CounterCatalogue.Entry entry) {
    return entry.name() + ": " + entry.meaning() + " (" + entry.unit() + ")"
        + (entry.kernel().isEmpty() ? "" : "; kernel: " + entry.kernel());
  }

  /** The refused designs, each with its reason, or empty. */
  static String refusedLeftOut(RunReport report) {
    StringBuilder sb = new StringBuilder();
    for (ModeReport m : report.modes().values()) {
      if (m.isRefused()) {
        sb.append(sb.length() == 0 ? "" : "; ").append(m.mode()).append(" (refused: ").append(m.refusedReason())
            .append(')');
      }
    }
    return sb.toString();
  }

  public static String escape(String text) {
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
