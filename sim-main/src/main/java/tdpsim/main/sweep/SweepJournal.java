package tdpsim.main.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tdpsim.main.cluster.ModeReportCodec;
import tdpsim.main.report.ResultsCsv;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;

/**
 * What a sweep has finished so far, on disk as soon as each item finishes, so that an interrupted sweep keeps its
 * rows and {@code sweep --resume DIR} runs only the rest:
 * <ul>
 *   <li>{@code sweep.jsonl}: a header line (the sweep file, its name, deterministic) and then one line per
 *       finished item (item, point, design, seed, status and the whole result), in the order they finished;
 *   <li>{@code results.csv}: the tidy long CSV, appended item by item, rewritten in item order at the end.
 * </ul>
 * Both are appended and flushed per item by the sweep's stream sink; one writer at a time.
 */
public final class SweepJournal implements Closeable {
  public static final String FILE_NAME = "sweep.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SweepPlan plan;
  private final Path dir;
  private final Map<Integer, PointResult> resumed;
  private BufferedWriter journal;
  private OutputStream resultsOut;
  private ResultsCsv results;

  private SweepJournal(SweepPlan plan, Path dir, Map<Integer, PointResult> resumed) {
    this.plan = plan;
    this.dir = dir;
    this.resumed = resumed;
  }

  /** The sweep file a journal in {@code dir} was written for, or null when {@code dir} holds none. */
  public static Path sweepFileOf(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      String header = lines.findFirst().orElse(null);
      JsonNode h = header == null ? null : JSON.readTree(header);
      return h == null || !h.has("sweepFile") ? null : Path.of(h.get("sweepFile").asText());
    }
  }

  /**
   * Opens the journal of {@code plan} in {@code dir}. With {@code resume}, the items the journal holds as
   * finished and complete are read back (and kept in results.csv); the others run again. Without it, any journal
   * there is replaced.
   *
   * @throws IllegalArgumentException when the journal is not of this sweep (another plan, seed or design)
   */
  public static SweepJournal open(SweepPlan plan, Path dir, boolean resume) throws IOException {
    Files.createDirectories(dir);
    Map<Integer, PointResult> kept = resume ? read(plan, dir.resolve(FILE_NAME)) : Map.of();
    SweepJournal j = new SweepJournal(plan, dir, kept);
    // Rewrite both files with what is kept, then append from there on.
    j.journal = Files.newBufferedWriter(dir.resolve(FILE_NAME), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    ObjectNode header = JSON.createObjectNode();
    header.put("sweepFile", plan.file().toAbsolutePath().toString());
    header.put("sweep", plan.name());
    header.put("deterministic", plan.deterministic());
    header.put("items", plan.workItems().size());
    j.journal.write(JSON.writeValueAsString(header));
    j.journal.newLine();
    j.resultsOut = Files.newOutputStream(dir.resolve(ResultsCsv.FILE_NAME));
    j.results = ResultsCsv.open(j.resultsOut, axisNames(plan), false);
    for (PointResult r : kept.values()) {
      j.append(r);
    }
    return j;
  }

  /** Items read back from the journal (finished and complete), by item index. */
  public Map<Integer, PointResult> resumed() {
    return resumed;
  }

  /** Records one finished item in both files and flushes them. */
  public synchronized void append(PointResult r) throws IOException {
    if (journal == null) {
      return; // closed: the sweep is finishing or was interrupted
    }
    journal.write(JSON.writeValueAsString(encode(r)));
    journal.newLine();
    journal.flush();
    if (r.result() != null) {
      SweepPoint p = plan.pointOf(r.item());
      results.add("point-" + p.index(), values(plan, p), 0, r.result().report());
    }
    results.flush();
  }

  /** Rewrites results.csv in item order (finished order varies with parallelism), so equal sweeps match. */
  public synchronized void finish(Collection<PointResult> all) throws IOException {
    close();
    tdpsim.main.report.ReportWriter.writeAtomically(dir.resolve(ResultsCsv.FILE_NAME), out -> {
      try (ResultsCsv csv = ResultsCsv.open(out, axisNames(plan), false)) {
        for (PointResult r : all) {
          if (r.result() != null) {
            SweepPoint p = plan.pointOf(r.item());
            csv.add("point-" + p.index(), values(plan, p), 0, r.result().report());
          }
        }
      }
    });
  }

  @Override
  public synchronized void close() throws IOException {
    if (journal != null) {
      journal.close();
      journal = null;
    }
    if (results != null) {
      results.close();
      resultsOut.close();
      results = null;
    }
  }

  static List<String> axisNames(SweepPlan plan) {
    List<String> names = new ArrayList<>();
    plan.axes().forEach(a -> names.add(a.name()));
    return names;
  }

  static Map<String, String> values(SweepPlan plan, SweepPoint p) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int a = 0; a < plan.axes().size(); a++) {
      out.put(plan.axes().get(a).name(), plan.label(p, a));
    }
    return out;
  }

  private ObjectNode encode(PointResult r) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    WorkItem item = r.item();
    n.put("item", item.index());
    n.put("point", plan.pointOf(item).index());
    n.put("mode", item.mode().configName());
    n.put("seed", item.seed());
    n.put("status", r.status());
    if (r.error() != null) {
      n.put("error", r.error());
    }
    ModeResult m = r.result();
    if (m != null) {
      ObjectNode res = n.putObject("result");
      res.put("events", m.events());
      res.put("messages", m.messages());
      res.put("wallSeconds", m.wallSeconds());
      res.put("heapBytes", m.heapBytes());
      res.put("complete", m.complete());
      res.put("stopReason", m.stopReason());
      res.set("report", JSON.readTree(ModeReportCodec.encode(m.report())));
    }
    return n;
  }

  private static Map<Integer, PointResult> read(SweepPlan plan, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no " + FILE_NAME + " in " + file.getParent() + " to resume from");
    }
    Map<Integer, WorkItem> items = new TreeMap<>();
    plan.workItems().forEach(i -> items.put(i.index(), i));
    Map<Integer, PointResult> out = new TreeMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int n = 1; n < lines.size(); n++) {
      String line = lines.get(n);
      JsonNode j;
      try {
        j = JSON.readTree(line);
      } catch (IOException e) {
        break; // the line being written when the sweep stopped
      }
      WorkItem item = items.get(j.path("item").asInt(-1));
      if (item == null || !item.mode().configName().equals(j.path("mode").asText())
          || item.seed() != j.path("seed").asLong()) {
        throw new IllegalArgumentException(file + " line " + (n + 1)
            + ": item is not one of this sweep's (other sweep file, seeds or designs?)");
      }
      JsonNode res = j.get("result");
      if (res == null || !res.path("complete").asBoolean()) {
        continue; // failed or stopped early: run it again
      }
      ModeResult m = new ModeResult(
          ModeReportCodec.decode(item.mode().configName(), JSON.writeValueAsString(res.get("report"))),
          res.path("events").asLong(), res.path("messages").asLong(), res.path("wallSeconds").asDouble(),
          res.path("heapBytes").asLong(), true, res.path("stopReason").asText(""));
      out.put(item.index(), PointResult.ok(item, m));
    }
    return out;
  }
}
