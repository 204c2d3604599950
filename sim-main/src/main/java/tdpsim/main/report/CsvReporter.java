package tdpsim.main.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code report.csv}, for spreadsheets and scripts: a header of flattened column names, then one row per design in
 * run order. Quoting and line ends follow RFC 4180 ({@code CRLF}; a field holding a comma, quote, CR or LF is
 * quoted, with quotes doubled). A figure a design did not report is an empty field.
 */
public final class CsvReporter implements Reporter {
  public static final String FILE_NAME = "report.csv";

  @Override
  public void write(RunReport report, Sink sink) throws IOException {
    byte[] text = render(report).getBytes(StandardCharsets.UTF_8);
    sink.file(FILE_NAME, out -> out.write(text));
    sink.file(ResultsCsv.FILE_NAME, out -> ResultsCsv.write(report, out));
  }

  /** The whole CSV document. */
  public String render(RunReport report) {
    List<ModeReport> modes = List.copyOf(report.modes().values());
    List<String> counterNames =
        ModeReport.canonicalNames(union(modes, Part.COUNTERS), ModeReport.COUNTER_ORDER);
    Set<String> causes = new TreeSet<>(union(modes, Part.ZAPS));
    List<String> kinds = ModeReport.canonicalNames(union(modes, Part.LATENCY), ModeReport.LATENCY_KIND_ORDER);
    Set<String> extraColumns = new LinkedHashSet<>();
    List<Map<String, String>> extras = new ArrayList<>();
    for (ModeReport mode : modes) {
      Map<String, String> flat = new LinkedHashMap<>();
      flattenExtra("extra", mode.extra().entrySet(), flat);
      extraColumns.addAll(flat.keySet());
      extras.add(flat);
    }
    Columns columns = new Columns(counterNames, causes, kinds, extraColumns);
    List<String> header = columns.header();

    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (CsvTables csv = CsvTables.open(bytes, header, true)) {
      for (int i = 0; i < modes.size(); i++) {
        csv.row(columns.row(report, modes.get(i), extras.get(i), header.size()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The document's variable columns: counters, zap causes and latency kinds seen in any mode, and extras. */
  private record Columns(List<String> counterNames, Set<String> causes, List<String> kinds,
      Set<String> extraColumns) {
    List<String> header() {
      List<String> header = new ArrayList<>(List.of("scenario", "seed", "complete", "mode", "refusedReason"));
      header.addAll(
          List.of(
              "tables.tdp.pages",
              "tables.tdp.bytes",
              "tables.iommu.pages",
              "tables.iommu.bytes",
              "tables.total.pages",
              "tables.total.bytes",
              "pinnedBytes"));
      counterNames.forEach(name -> header.add("counters." + name));
      causes.forEach(cause -> header.add("zapsByCause." + cause));
      for (String kind : kinds) {
        for (String stat : List.of("count", "p50", "p99", "max", "mean")) {
          header.add("latencyNs." + kind + "." + stat);
        }
      }
      header.add("invariantViolations");
      header.addAll(extraColumns);
      return header;
    }

    /** One mode's row; {@code flat} is its flattened extras. */
    List<String> row(RunReport report, ModeReport m, Map<String, String> flat, int width) {
      boolean ran = !m.isRefused();
      List<String> row = new ArrayList<>(width);
      row.add(report.scenario());
      row.add(Long.toString(report.seed()));
      row.add(Boolean.toString(report.complete()));
      row.add(m.mode());
      row.add(m.refusedReason() == null ? "" : m.refusedReason());
      row.add(ran ? Long.toString(m.tdp().pages()) : "");
      row.add(ran ? Long.toString(m.tdp().bytes()) : "");
      row.add(m.iommu() == null ? "" : Long.toString(m.iommu().pages()));
      row.add(m.iommu() == null ? "" : Long.toString(m.iommu().bytes()));
      row.add(ran ? Long.toString(m.totalTablePages()) : "");
      row.add(ran ? Long.toString(m.totalTableBytes()) : "");
      row.add(ran ? Long.toString(m.pinnedBytes()) : "");
      counterNames.forEach(name -> row.add(orEmpty(m.counters().get(name))));
      causes.forEach(cause -> row.add(orEmpty(m.zapsByCause().get(cause))));
      for (String kind : kinds) {
        addLatency(row, m.latencyNs().get(kind));
      }
      row.add(Integer.toString(m.invariantViolations().size()));
      extraColumns.forEach(column -> row.add(flat.getOrDefault(column, "")));
      return row;
    }

    private static void addLatency(List<String> row, LatencySummary s) {
      if (s == null) {
        row.addAll(List.of("", "", "", "", ""));
      } else {
        row.add(Long.toString(s.count()));
        row.add(Long.toString(s.p50()));
        row.add(Long.toString(s.p99()));
        row.add(Long.toString(s.max()));
        String mean = Units.plain(s.mean());
        row.add(mean == null ? "" : mean);
      }
    }
  }

  private static String orEmpty(Long value) {
    return value == null ? "" : value.toString();
  }

  /** Nested maps become dotted columns; lists are joined with ';'; scalars are written as they are. */
  private static void flattenExtra(
      String prefix, Iterable<? extends Map.Entry<?, ?>> entries, Map<String, String> out) {
    for (Map.Entry<?, ?> e : entries) {
      String column = prefix + "." + e.getKey();
      Object value = e.getValue();
      if (value instanceof Map<?, ?> nested) {
        flattenExtra(column, JsonReporter.orderedEntries(nested), out);
      } else if (value instanceof Iterable<?> items) {
        List<String> parts = new ArrayList<>();
        List<Map.Entry<?, ?>> indexed = new ArrayList<>();
        int index = 0;
        for (Object item : items) {
          parts.add(scalar(item));
          indexed.add(Map.entry(Integer.toString(index++), item == null ? "" : item));
        }
        if (indexed.stream().anyMatch(en -> en.getValue() instanceof Map<?, ?>)) {
          // A series of records (per VM, per round): one dotted column per field, indexed from 0.
          flattenExtra(column, indexed, out);
        } else {
          out.put(column, String.join(";", parts));
        }
      } else {
        out.put(column, scalar(value));
      }
    }
  }

  private static String scalar(Object value) {
    if (value == null) {
      return "";
    } else if (value instanceof Double || value instanceof Float) {
      String text = Units.plain(((Number) value).doubleValue());
      return text == null ? "" : text;
    }
    return value.toString();
  }

  private enum Part {
    COUNTERS,
    ZAPS,
    LATENCY
  }

  private static Set<String> union(List<ModeReport> modes, Part part) {
    Set<String> names = new LinkedHashSet<>();
    for (ModeReport m : modes) {
      switch (part) {
        case COUNTERS -> names.addAll(m.counters().keySet());
        case ZAPS -> names.addAll(m.zapsByCause().keySet());
        case LATENCY -> names.addAll(m.latencyNs().keySet());
        default -> throw new AssertionError(part);
      }
    }
    return names;
  }
}
