package tdpsim.main.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tdpsim.main.report.CsvTables;
import tdpsim.main.report.ReportWriter;

/**
 * The bench's results: sections of measured runs and the targets checked against them, rendered as a terminal
 * table and written as {@code bench.json} and {@code bench.csv} (each atomically).
 */
public final class BenchReport {
  /**
   * A target and whether the measurement meets it.
   *
   * @param atMost the measurement must be at most {@code required} (a time or a cost), else at least
   */
  public record Target(String name, double measured, double required, String unit, boolean met, String note,
      boolean atMost) {}

  private final Map<String, List<Measurement>> sections = new LinkedHashMap<>();
  private final List<Target> targets = new ArrayList<>();
  private final Map<String, String> context = new LinkedHashMap<>();

  public void context(String key, String value) {
    context.put(key, value);
  }

  public void add(String section, Measurement m) {
    sections.computeIfAbsent(section, k -> new ArrayList<>()).add(m);
  }

  public Target target(String name, double measured, double required, String unit, String note) {
    Target t = new Target(name, measured, required, unit, measured >= required, note, false);
    targets.add(t);
    return t;
  }

  /** A target the measurement must not exceed (a time per access, an overhead ratio, a wall time). */
  public Target targetAtMost(String name, double measured, double required, String unit, String note) {
    Target t = new Target(name, measured, required, unit, measured <= required, note, true);
    targets.add(t);
    return t;
  }

  public Map<String, List<Measurement>> sections() {
    return sections;
  }

  public List<Target> targets() {
    return targets;
  }

  public String table() {
    StringBuilder b = new StringBuilder();
    context.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    String head = String.format(Locale.ROOT, "%-44s %3s %9s %12s %10s %12s %10s %12s %8s %7s %7s %7s%n",
        "run", "thr", "entities", "accesses", "acc/s", "messages", "msg/s", "virt ns/s", "heapMiB", "gcMs",
        "wall s", "win s");
    for (Map.Entry<String, List<Measurement>> e : sections.entrySet()) {
      b.append('\n').append("== ").append(e.getKey()).append('\n').append(head);
      for (Measurement m : e.getValue()) {
        b.append(String.format(Locale.ROOT, "%-44s %3d %9d %12d %10s %12d %10s %12s %8.0f %7d %7.2f %7s%s%n",
            clip(m.name(), 44), m.threads(), m.entities(), m.accesses(), si(m.accessesPerSecond()), m.messages(),
            si(m.messagesPerSecond()), si(m.virtualNsPerSecond()), m.heapBytes() / 1048576.0, m.gcMillis(),
            m.wallSeconds(), m.windowSeconds() > 0 ? String.format(Locale.ROOT, "%.3f", m.windowSeconds()) : "-",
            m.complete() ? "" : "  (incomplete)"));
      }
    }
    if (!targets.isEmpty()) {
      b.append("\n== targets (issue 19)\n");
      for (Target t : targets) {
        b.append(String.format(Locale.ROOT, "%-4s %-58s %10s %-3s (need %s %s) %s%n", t.met() ? "MET" : "NOT",
            clip(t.name(), 58), num(t.measured()), t.unit(), t.atMost() ? "<=" : ">=", num(t.required()),
            t.note()));
      }
    }
    return b.toString();
  }

  /** Writes {@code bench.txt}, {@code bench.json} and {@code bench.csv} into {@code dir}. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    Path txt = dir.resolve("bench.txt");
    ReportWriter.writeAtomically(txt, os -> os.write(table().getBytes(StandardCharsets.UTF_8)));
    out.add(txt);
    Path json = dir.resolve("bench.json");
    ReportWriter.writeAtomically(json, os -> os.write(json().getBytes(StandardCharsets.UTF_8)));
    out.add(json);
    Path csv = dir.resolve("bench.csv");
    ReportWriter.writeAtomically(csv, os -> os.write(csv().getBytes(StandardCharsets.UTF_8)));
    out.add(csv);
    return out;
  }

  /** The CSV columns: the section, then every figure of a {@link Measurement}. */
  static final List<String> CSV_COLUMNS = List.of("section", "run", "threads", "entities", "accesses",
      "accessesPerSecond", "messages", "messagesPerSecond", "virtualNs", "virtualNsPerSecond", "windows", "faults",
      "wallSeconds", "heapBytes", "gcMillis", "complete", "windowSeconds");

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  /** bench.csv, on the reports' one CSV writer (Jackson's CSV dataformat). */
  String csv() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (CsvTables table = CsvTables.open(bytes, CSV_COLUMNS, true)) {
      for (Map.Entry<String, List<Measurement>> e : sections.entrySet()) {
        for (Measurement m : e.getValue()) {
          List<Object> cells = new ArrayList<>();
          cells.add(e.getKey());
          cells.addAll(figures(m).values());
          table.row(cells);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** bench.json: the context, every section's measurements, and the targets. */
  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("context", context);
    Map<String, Object> bySection = new LinkedHashMap<>();
    sections.forEach((section, rows) -> bySection.put(section, rows.stream().map(BenchReport::figures).toList()));
    root.put("sections", bySection);
    List<Map<String, Object>> ts = new ArrayList<>();
    for (Target t : targets) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("target", t.name());
      o.put("measured", number(t.measured()));
      o.put("required", number(t.required()));
      o.put("unit", t.unit());
      o.put("atMost", t.atMost());
      o.put("met", t.met());
      o.put("note", t.note());
      ts.add(o);
    }
    root.put("targets", ts);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One measurement's figures by column name (the CSV columns after {@code section}). */
  private static Map<String, Object> figures(Measurement m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("run", m.name());
    o.put("threads", m.threads());
    o.put("entities", m.entities());
    o.put("accesses", m.accesses());
    o.put("accessesPerSecond", number(m.accessesPerSecond()));
    o.put("messages", m.messages());
    o.put("messagesPerSecond", number(m.messagesPerSecond()));
    o.put("virtualNs", m.virtualNs());
    o.put("virtualNsPerSecond", number(m.virtualNsPerSecond()));
    o.put("windows", m.windows());
    o.put("faults", m.faults());
    o.put("wallSeconds", number(m.wallSeconds()));
    o.put("heapBytes", m.heapBytes());
    o.put("gcMillis", m.gcMillis());
    o.put("complete", m.complete());
    o.put("windowSeconds", number(m.windowSeconds()));
    return o;
  }

  /** A figure as four significant digits (a whole number as itself); null when not a number. */
  private static BigDecimal number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    return new BigDecimal(num(v));
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }

  static String si(double v) {
    if (v >= 1e9) {
      return String.format(Locale.ROOT, "%.2fG", v / 1e9);
    }
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.4g", v);
  }

}
