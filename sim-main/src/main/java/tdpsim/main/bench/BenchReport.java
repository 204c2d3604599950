package tdpsim.main.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  String csv() {
    StringBuilder b = new StringBuilder("section,run,threads,entities,accesses,accessesPerSecond,messages,"
        + "messagesPerSecond,virtualNs,virtualNsPerSecond,windows,faults,wallSeconds,heapBytes,gcMillis,complete,"
        + "windowSeconds\n");
    sections.forEach((section, rows) -> {
      for (Measurement m : rows) {
        b.append(csvField(section)).append(',').append(csvField(m.name())).append(',').append(m.threads())
            .append(',').append(m.entities()).append(',').append(m.accesses()).append(',')
            .append(num(m.accessesPerSecond())).append(',').append(m.messages()).append(',')
            .append(num(m.messagesPerSecond())).append(',').append(m.virtualNs()).append(',')
            .append(num(m.virtualNsPerSecond())).append(',').append(m.windows()).append(',').append(m.faults())
            .append(',').append(num(m.wallSeconds())).append(',').append(m.heapBytes()).append(',')
            .append(m.gcMillis()).append(',').append(m.complete()).append(',').append(num(m.windowSeconds()))
            .append('\n');
      }
    });
    return b.toString();
  }

  String json() {
    StringBuilder b = new StringBuilder("{\n  \"context\": {");
    String sep = "";
    for (Map.Entry<String, String> e : context.entrySet()) {
      b.append(sep).append("\n    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
      sep = ",";
    }
    b.append("\n  },\n  \"sections\": {");
    sep = "";
    for (Map.Entry<String, List<Measurement>> e : sections.entrySet()) {
      b.append(sep).append("\n    ").append(str(e.getKey())).append(": [");
      String rs = "";
      for (Measurement m : e.getValue()) {
        b.append(rs).append("\n      {\"run\": ").append(str(m.name())).append(", \"threads\": ").append(m.threads())
            .append(", \"entities\": ").append(m.entities()).append(", \"accesses\": ").append(m.accesses())
            .append(", \"accessesPerSecond\": ").append(num(m.accessesPerSecond()))
            .append(", \"messages\": ").append(m.messages())
            .append(", \"messagesPerSecond\": ").append(num(m.messagesPerSecond()))
            .append(", \"virtualNs\": ").append(m.virtualNs())
            .append(", \"virtualNsPerSecond\": ").append(num(m.virtualNsPerSecond()))
            .append(", \"windows\": ").append(m.windows()).append(", \"faults\": ").append(m.faults())
            .append(", \"wallSeconds\": ").append(num(m.wallSeconds())).append(", \"heapBytes\": ")
            .append(m.heapBytes()).append(", \"gcMillis\": ").append(m.gcMillis()).append(", \"complete\": ")
            .append(m.complete()).append(", \"windowSeconds\": ").append(num(m.windowSeconds())).append('}');
        rs = ",";
      }
      b.append("\n    ]");
      sep = ",";
    }
    b.append("\n  },\n  \"targets\": [");
    sep = "";
    for (Target t : targets) {
      b.append(sep).append("\n    {\"target\": ").append(str(t.name())).append(", \"measured\": ")
          .append(num(t.measured())).append(", \"required\": ").append(num(t.required())).append(", \"unit\": ")
          .append(str(t.unit())).append(", \"atMost\": ").append(t.atMost()).append(", \"met\": ").append(t.met()).append(", \"note\": ").append(str(t.note()))
          .append('}');
      sep = ",";
    }
    b.append("\n  ]\n}\n");
    return b.toString();
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

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
