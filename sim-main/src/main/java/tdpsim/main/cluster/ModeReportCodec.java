package tdpsim.main.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tdpsim.main.report.LatencySummary;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;

/**
 * A {@link ModeReport} as compact JSON text and back, for the result of a work item crossing nodes. The layout is
 * that of a mode in {@code report.json}, but doubles keep full precision (the shortest text that reads back the
 * same double), so a decoded report renders exactly as the original in every report format.
 *
 * <p>Caveat: {@code extra} values come back as their JSON shapes (maps, lists, {@code Long}, {@code Double},
 * strings, booleans); a report type placed in {@code extra} comes back as a map of its fields.
 */
public final class ModeReportCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ModeReportCodec() {}

  public static String encode(ModeReport report) {
    ObjectNode mode = NODES.objectNode();
    mode.put("refusedReason", report.refusedReason());
    ObjectNode tables = mode.putObject("tables");
    tables.set("tdp", table(report.tdp()));
    tables.set("iommu", table(report.iommu()));
    mode.put("pinnedBytes", report.pinnedBytes());
    ObjectNode counters = mode.putObject("counters");
    report.counters().forEach(counters::put);
    ObjectNode zaps = mode.putObject("zapsByCause");
    report.zapsByCause().forEach(zaps::put);
    ObjectNode latency = mode.putObject("latencyNs");
    report.latencyNs().forEach((kind, s) -> latency.set(kind, latency(s)));
    ArrayNode violations = mode.putArray("invariantViolations");
    report.invariantViolations().forEach(violations::add);
    ObjectNode extra = mode.putObject("extra");
    report.extra().forEach((key, value) -> extra.set(key, value(value)));
    try {
      return MAPPER.writeValueAsString(mode);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the report of " + report.mode(), e);
    }
  }

  public static ModeReport decode(String modeName, String json) {
    JsonNode mode;
    try {
      mode = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed report of " + modeName + " from a cluster member", e);
    }
    Map<String, Long> counters = longs(mode.get("counters"));
    Map<String, Long> zaps = longs(mode.get("zapsByCause"));
    Map<String, LatencySummary> latency = new LinkedHashMap<>();
    mode.get("latencyNs").fields().forEachRemaining(e -> latency.put(e.getKey(), latency(e.getValue())));
    List<String> violations = new ArrayList<>();
    mode.get("invariantViolations").forEach(v -> violations.add(v.asText()));
    Map<String, Object> extra = new LinkedHashMap<>();
    mode.get("extra").fields().forEachRemaining(e -> extra.put(e.getKey(), toJava(e.getValue())));
    JsonNode refused = mode.get("refusedReason");
    return new ModeReport(modeName, refused.isNull() ? null : refused.asText(), toTable(mode.get("tables").get("tdp")),
        toTable(mode.get("tables").get("iommu")), mode.get("pinnedBytes").asLong(), counters, zaps, latency,
        violations, extra);
  }

  /** The fields of a design in report.json that are not {@code extra} (report.json writes extra beside them). */
  private static final java.util.Set<String> REPORT_FIELDS = java.util.Set.of("refusedReason", "tables", "pinnedBytes",
      "counters", "zapsByCause", "latencyNs", "invariantViolations");

  /**
   * A design's object of a {@code report.json} (as {@code JsonReporter} wrote it) read back as a report, for commands
   * that take reports as input ({@code compare}). Its latency summaries carry no CDF (report.json has none).
   */
  public static ModeReport fromReportJson(String modeName, JsonNode mode) {
    ObjectNode codec = NODES.objectNode();
    ObjectNode extra = NODES.objectNode();
    mode.fields().forEachRemaining(e -> (REPORT_FIELDS.contains(e.getKey()) ? codec : extra)
        .set(e.getKey(), e.getValue()));
    ObjectNode latency = codec.putObject("latencyNs");
    mode.path("latencyNs").fields().forEachRemaining(e -> {
      ObjectNode s = e.getValue().deepCopy();
      if (s.has("p99.9")) {
        s.set("p999", s.remove("p99.9"));
      }
      latency.set(e.getKey(), s);
    });
    codec.set("extra", extra);
    for (String f : new String[] {"counters", "zapsByCause"}) {
      if (!codec.has(f)) {
        codec.putObject(f);
      }
    }
    if (!codec.has("invariantViolations")) {
      codec.putArray("invariantViolations");
    }
    if (!codec.has("tables")) {
      codec.putObject("tables").putNull("tdp").putNull("iommu");
    }
    if (!codec.has("refusedReason")) {
      codec.putNull("refusedReason");
    }
    if (!codec.has("pinnedBytes")) {
      codec.put("pinnedBytes", 0);
    }
    return decode(modeName, codec.toString());
  }

  private static JsonNode table(TableReport table) {
    if (table == null) {
      return NODES.nullNode();
    }
    ObjectNode node = NODES.objectNode();
    node.put("pages", table.pages());
    node.put("bytes", table.bytes());
    ObjectNode byLevel = node.putObject("pagesByLevel");
    table.pagesByLevel().forEach((level, pages) -> byLevel.put(Integer.toString(level), pages));
    return node;
  }

  private static TableReport toTable(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Map<Integer, Long> byLevel = new LinkedHashMap<>();
    node.get("pagesByLevel").fields().forEachRemaining(
        e -> byLevel.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
    return new TableReport(node.get("pages").asLong(), node.get("bytes").asLong(), byLevel);
  }

  private static ObjectNode latency(LatencySummary s) {
    ObjectNode node = NODES.objectNode();
    node.put("count", s.count());
    node.put("p50", s.p50());
    node.put("p99", s.p99());
    node.put("max", s.max());
    node.put("mean", s.mean());
    node.put("p90", s.p90());
    node.put("p999", s.p999());
    ArrayNode cdf = node.putArray("cdf");
    for (LatencySummary.CdfPoint p : s.cdf()) {
      cdf.addArray().add(p.valueNs()).add(p.fraction());
    }
    return node;
  }

  private static LatencySummary latency(JsonNode n) {
    List<LatencySummary.CdfPoint> cdf = new ArrayList<>();
    if (n.has("cdf")) {
      n.get("cdf").forEach(p -> cdf.add(new LatencySummary.CdfPoint(p.get(0).asLong(), p.get(1).asDouble())));
    }
    long p99 = n.get("p99").asLong();
    long max = n.get("max").asLong();
    return new LatencySummary(n.get("count").asLong(), n.get("p50").asLong(), p99, max, n.get("mean").asDouble(),
        n.has("p90") ? n.get("p90").asLong() : p99, n.has("p999") ? n.get("p999").asLong() : max, cdf);
  }

  private static Map<String, Long> longs(JsonNode node) {
    Map<String, Long> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  /** Same shapes as JsonReporter gives extra values, so both render one value alike. */
  private static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    } else if (value instanceof String s) {
      return NODES.textNode(s);
    } else if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (value instanceof Double || value instanceof Float) {
      return NODES.numberNode(((Number) value).doubleValue());
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      return NODES.numberNode(((Number) value).longValue());
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode node = NODES.objectNode();
      Map<String, Object> ordered = new LinkedHashMap<>();
      if (map instanceof LinkedHashMap<?, ?> || map instanceof java.util.SortedMap<?, ?>) {
        map.forEach((k, v) -> ordered.put(String.valueOf(k), v));
      } else {
        new java.util.TreeMap<>(stringKeys(map)).forEach(ordered::put);
      }
      ordered.forEach((k, v) -> node.set(k, value(v)));
      return node;
    } else if (value instanceof Collection<?> items) {
      ArrayNode node = NODES.arrayNode();
      items.forEach(item -> node.add(value(item)));
      return node;
    } else if (value instanceof long[] longs) {
      ArrayNode node = NODES.arrayNode();
      for (long item : longs) {
        node.add(item);
      }
      return node;
    } else if (value instanceof Object[] items) {
      ArrayNode node = NODES.arrayNode();
      for (Object item : items) {
        node.add(value(item));
      }
      return node;
    } else if (value instanceof LatencySummary s) {
      return latency(s);
    }
    return NODES.textNode(value.toString());
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static Object toJava(JsonNode node) {
    if (node.isNull()) {
      return null;
    } else if (node.isTextual()) {
      return node.asText();
    } else if (node.isBoolean()) {
      return node.asBoolean();
    } else if (node.isIntegralNumber()) {
      return node.asLong();
    } else if (node.isNumber()) {
      return node.asDouble();
    } else if (node.isArray()) {
      List<Object> items = new ArrayList<>();
      node.forEach(item -> items.add(toJava(item)));
      return items;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    fields.forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
    return map;
  }
}
