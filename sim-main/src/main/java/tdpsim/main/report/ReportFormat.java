package tdpsim.main.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The report formats a user can ask for, each a factory of its {@link Reporter}. */
public enum ReportFormat {
  /** Fixed-width comparison table, {@code report.txt}; also what the CLI prints on the terminal. */
  TABLE(TableReporter::new),
  /** {@code report.json}, for scripts. */
  JSON(JsonReporter::new),
  /** {@code report.csv}, one row per design, for spreadsheets, and the tidy long {@code results.csv}. */
  CSV(CsvReporter::new),
  /** PNG and SVG charts comparing the designs. */
  CHARTS(ChartReporter::new),
  /** One self-contained {@code report.html}: header, table and charts. */
  HTML(HtmlReporter::new);

  private final Supplier<Reporter> factory;

  ReportFormat(Supplier<Reporter> factory) {
    this.factory = factory;
  }

  public Reporter create() {
    return factory.get();
  }

  /** The name users type: the constant in lower case. */
  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Looks a format up by name, case-insensitively; an unknown name lists the valid ones. */
  public static ReportFormat fromName(String name) {
    for (ReportFormat format : values()) {
      if (format.name().equalsIgnoreCase(name.trim())) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown report format '"
            + name
            + "'; valid: "
            + Arrays.stream(values()).map(ReportFormat::displayName).collect(Collectors.joining(", ")));
  }
}
