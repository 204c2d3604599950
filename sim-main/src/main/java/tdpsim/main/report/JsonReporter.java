package tdpsim.main.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tdpsim.main.stats.Summary;

/**
 * {@code report.json}, for scripts: fields in a fixed order, two-space indentation, {@code \n} line ends and
 * decimals in plain notation with at most three fractional digits, so equal reports give byte-identical files.
 *
 * <p>Written with Jackson's streaming generator rather than data binding so the key order is spelled out here and
 * cannot drift with record component order or mapper settings. See {@code docs/report-format.md} for the fields.
 */
public final class JsonReporter implements Reporter {
  public static final String FILE_NAME = "report.json";

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  @Override
  public void write(RunReport report, Sink sink) throws IOException {
    sink.file(FILE_NAME, out -> write(report, out));
  }

  /** Writes the JSON document for {@code report} to {@code out}, followed by a newline; leaves {@code out} open. */
  public void write(RunReport report, OutputStream out) throws IOException {
    try (JsonGenerator gen = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      gen.setPrettyPrinter(prettyPrinter());
      writeRun(gen, report);
    }
    out.write('\n');
    out.flush();
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  private static void writeRun(JsonGenerator gen, RunReport report) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("scenario", report.scenario());
    gen.writeStringField("origin", report.origin());
    gen.writeNumberField("seed", report.seed());
    gen.writeBooleanField("deterministic", report.deterministic());
    gen.writeBooleanField("complete", report.complete());
    gen.writeStringField("incompleteReason", report.incompleteReason());
    if (!report.warnings().isEmpty()) {
      gen.writeArrayFieldStart("warnings");
      for (String warning : report.warnings()) {
        gen.writeString(warning);
      }
      gen.writeEndArray();
    }
    gen.writeObjectFieldStart("modes");
    for (ModeReport mode : report.modes().values()) {
      gen.writeFieldName(mode.mode());
      writeMode(gen, mode);
    }
    gen.writeEndObject();
    SimulatorReport sim = report.simulator();
    gen.writeObjectFieldStart("simulator");
    gen.writeNumberField("events", sim.events());
    writeDecimalField(gen, "wallSeconds", sim.wallSeconds());
    writeDecimalField(gen, "eventsPerSecond", sim.eventsPerSecond());
    gen.writeNumberField("heapBytes", sim.heapBytes());
    gen.writeNumberField("messages", sim.messages());
    gen.writeEndObject();
    if (report.replications() != null) {
      writeReplications(gen, report.replications());
    }
    if (report.provenance() != null) {
      gen.writeFieldName("provenance");
      writeProvenance(gen, report.provenance());
    }
    gen.writeEndObject();
  }

  private static void writeReplications(JsonGenerator gen, Replications r) throws IOException {
    gen.writeObjectFieldStart("replications");
    gen.writeNumberField("count", r.count());
    gen.writeArrayFieldStart("seeds");
    for (long seed : r.seeds()) {
      gen.writeNumber(seed);
    }
    gen.writeEndArray();
    writeDecimalField(gen, "confidence", Summary.CONFIDENCE);
    gen.writeObjectFieldStart("modes");
    for (Map.Entry<String, Map<String, Summary>> mode : r.byMode().entrySet()) {
      gen.writeObjectFieldStart(mode.getKey());
      for (Map.Entry<String, Summary> e : mode.getValue().entrySet()) {
        gen.writeFieldName(e.getKey());
        writeSummary(gen, e.getValue(), false);
      }
      gen.writeEndObject();
    }
    gen.writeEndObject();
    gen.writeObjectFieldStart("pairedDifferences");
    for (Map.Entry<String, Map<String, Summary>> pair : r.pairs().entrySet()) {
      gen.writeObjectFieldStart(pair.getKey());
      for (Map.Entry<String, Summary> e : pair.getValue().entrySet()) {
        gen.writeFieldName(e.getKey());
        writeSummary(gen, e.getValue(), true);
      }
      gen.writeEndObject();
    }
    gen.writeEndObject();
    gen.writeEndObject();
  }

  /** {@code {n, mean, sd, ciLow, ciHigh}}, plus {@code withinNoise} for a difference. */
  public static void writeSummary(JsonGenerator gen, Summary s, boolean difference) throws IOException {
    gen.writeStartObject();
    gen.writeNumberField("n", s.n());
    writeDecimalField(gen, "mean", s.mean());
    writeDecimalField(gen, "sd", s.sd());
    writeDecimalField(gen, "ciLow", s.ciLow());
    writeDecimalField(gen, "ciHigh", s.ciHigh());
    if (difference) {
      gen.writeBooleanField("withinNoise", s.withinNoise());
    }
    gen.writeEndObject();
  }

  /** The provenance object of report.json, sweep.json and compare.json. */
  public static void writeProvenance(JsonGenerator gen, Provenance p) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("tdpsimVersion", p.tdpsimVersion());
    gen.writeStringField("gitCommit", p.gitCommit());
    gen.writeStringField("javaVersion", p.javaVersion());
    gen.writeArrayFieldStart("seeds");
    for (long seed : p.seeds()) {
      gen.writeNumber(seed);
    }
    gen.writeEndArray();
    gen.writeNumberField("replications", p.replications());
    gen.writeStringField("hash", p.hash());
    gen.writeStringField("scenarioHocon", p.scenarioHocon());
    gen.writeStringField("costModel", p.costModel());
    gen.writeEndObject();
  }

  /** A generator with report.json's layout (for sweep.json and compare.json); leaves {@code out} open. */
  public static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    gen.setPrettyPrinter(prettyPrinter());
    return gen;
  }

  private static void writeMode(JsonGenerator gen, ModeReport mode) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("refusedReason", mode.refusedReason());
    gen.writeObjectFieldStart("tables");
    gen.writeFieldName("tdp");
    writeTable(gen, mode.tdp());
    gen.writeFieldName("iommu");
    writeTable(gen, mode.iommu());
    gen.writeEndObject();
    gen.writeNumberField("pinnedBytes", mode.pinnedBytes());
    writeCounts(gen, "counters", mode.counters());
    writeCounts(gen, "zapsByCause", mode.zapsByCause());
    gen.writeObjectFieldStart("latencyNs");
    for (Map.Entry<String, LatencySummary> e : mode.latencyNs().entrySet()) {
      LatencySummary s = e.getValue();
      gen.writeObjectFieldStart(e.getKey());
      writeLatency(gen, s);
      gen.writeEndObject();
    }
    gen.writeEndObject();
    gen.writeArrayFieldStart("invariantViolations");
    for (String violation : mode.invariantViolations()) {
      gen.writeString(violation);
    }
    gen.writeEndArray();
    for (Map.Entry<String, Object> e : mode.extra().entrySet()) {
      gen.writeFieldName(e.getKey());
      writeValue(gen, e.getValue());
    }
    gen.writeEndObject();
  }

  private static void writeTable(JsonGenerator gen, TableReport table) throws IOException {
    if (table == null) {
      gen.writeNull();
      return;
    }
    gen.writeStartObject();
    gen.writeNumberField("pages", table.pages());
    gen.writeNumberField("bytes", table.bytes());
    gen.writeObjectFieldStart("pagesByLevel");
    for (Map.Entry<Integer, Long> e : table.pagesByLevel().entrySet()) {
      gen.writeNumberField(Integer.toString(e.getKey()), e.getValue());
    }
    gen.writeEndObject();
    gen.writeEndObject();
  }

  private static void writeCounts(JsonGenerator gen, String field, Map<String, Long> counts) throws IOException {
    gen.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      gen.writeNumberField(e.getKey(), e.getValue());
    }
    gen.writeEndObject();
  }

  static void writeDecimalField(JsonGenerator gen, String field, double value) throws IOException {
    gen.writeFieldName(field);
    writeDecimal(gen, value);
  }

  private static void writeDecimal(JsonGenerator gen, double value) throws IOException {
    String text = Units.plain(value);
    if (text == null) {
      gen.writeNull();
    } else {
      gen.writeNumber(text);
    }
  }

  /**
   * Free-form values of {@code extra}: maps become objects (insertion order when the map has one, else sorted by
   * key, so a HashMap cannot make the output vary), collections and arrays become arrays, anything else unknown is
   * written as its {@code toString()}.
   */
  private static void writeValue(JsonGenerator gen, Object value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof String s) {
      gen.writeString(s);
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (value instanceof Double || value instanceof Float) {
      writeDecimal(gen, ((Number) value).doubleValue());
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      gen.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number n) {
      gen.writeNumber(n.toString());
    } else if (value instanceof Map<?, ?> map) {
      gen.writeStartObject();
      for (Map.Entry<?, ?> e : orderedEntries(map)) {
        gen.writeFieldName(String.valueOf(e.getKey()));
        writeValue(gen, e.getValue());
      }
      gen.writeEndObject();
    } else if (value instanceof Collection<?> items) {
      gen.writeStartArray();
      for (Object item : items) {
        writeValue(gen, item);
      }
      gen.writeEndArray();
    } else if (value instanceof long[] longs) {
      gen.writeStartArray();
      for (long item : longs) {
        gen.writeNumber(item);
      }
      gen.writeEndArray();
    } else if (value instanceof Object[] items) {
      gen.writeStartArray();
      for (Object item : items) {
        writeValue(gen, item);
      }
      gen.writeEndArray();
    } else if (value instanceof LatencySummary s) {
      gen.writeStartObject();
      writeLatency(gen, s);
      gen.writeEndObject();
    } else {
      gen.writeString(value.toString());
    }
  }

  static Collection<? extends Map.Entry<?, ?>> orderedEntries(Map<?, ?> map) {
    if (map instanceof LinkedHashMap<?, ?> || map instanceof SortedMap<?, ?>) {
      return map.entrySet();
    }
    TreeMap<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    return sorted.entrySet();
  }

  /** count, mean, p50, p90, p99, p99.9 and max of one latency kind (the CDF stays in the charts and the HTML). */
  private static void writeLatency(JsonGenerator gen, LatencySummary s) throws IOException {
    gen.writeNumberField("count", s.count());
    writeDecimalField(gen, "mean", s.mean());
    gen.writeNumberField("p50", s.p50());
    gen.writeNumberField("p90", s.p90());
    gen.writeNumberField("p99", s.p99());
    gen.writeNumberField("p99.9", s.p999());
    gen.writeNumberField("max", s.max());
  }
}
