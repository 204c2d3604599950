package tdpsim.main.sensitivity;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tdpsim.main.report.ChartReporter;
import tdpsim.main.sensitivity.SensitivityResult.CaseResult;
import tdpsim.main.sensitivity.SensitivityResult.MetricResult;

/**
 * Writes {@code sensitivity.csv} (one row per case and metric), {@code sensitivity.json} (the plan, and per metric
 * whether it is robust, which assumptions it depends on and every case) and a tornado chart per metric
 * ({@code tornado-<metric>.png|svg}: per assumption, the worst/best ratio at x0.25 and x4 relative to the
 * baseline, log scale, widest swing on top, red when the ranking of designs changed).
 */
public final class SensitivityWriter {
  private SensitivityWriter() {}

  public static List<Path> writeAll(Path dir, SensitivityResult result) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    Path csv = dir.resolve("sensitivity.csv");
    Files.writeString(csv, csv(result), StandardCharsets.UTF_8);
    out.add(csv);
    Path json = dir.resolve("sensitivity.json");
    Files.writeString(json, json(result), StandardCharsets.UTF_8);
    out.add(json);
    for (MetricResult m : result.metrics()) {
      XYChart chart = tornado(result.plan(), m);
      if (chart == null) {
        continue;
      }
      String base = "tornado-" + m.metric().name().replace('.', '-');
      Path png = dir.resolve(base + ".png");
      Files.write(png, ChartReporter.toPng(chart));
      Path svg = dir.resolve(base + ".svg");
      Files.write(svg, ChartReporter.toSvg(chart));
      out.add(png);
      out.add(svg);
    }
    return out;
  }

  static String csv(SensitivityResult result) throws IOException {
    List<String> modes = result.plan().modes().stream().map(m -> m.configName()).toList();
    CsvSchema.Builder schema = CsvSchema.builder();
    for (String c : List.of("case", "key", "factor", "factors", "metric", "ranking", "rankingChanged",
        "bestWorstRatio", "ratioVsBaseline")) {
      schema.addColumn(c);
    }
    modes.forEach(m -> schema.addColumn("value." + m));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (MetricResult m : result.metrics()) {
      for (CaseResult c : m.cases()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("case", c.sensitivityCase().label());
        row.put("key", c.sensitivityCase().key() == null ? "" : c.sensitivityCase().key());
        row.put("factor", c.sensitivityCase().key() == null ? "" : num(c.sensitivityCase().factor()));
        row.put("factors", c.sensitivityCase().isJoint() ? factors(c.sensitivityCase()) : "");
        row.put("metric", m.metric().name());
        row.put("ranking", c.ranking());
        row.put("rankingChanged", c.missing() ? "missing" : Boolean.toString(c.rankingChanged()));
        row.put("bestWorstRatio", c.ratio() == null ? "" : num(c.ratio()));
        row.put("ratioVsBaseline", c.ratioVsBaseline() == null ? "" : num(c.ratioVsBaseline()));
        for (String mode : modes) {
          Double v = c.values().get(mode);
          row.put("value." + mode, v == null ? "" : num(v));
        }
        rows.add(row);
      }
    }
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
    return mapper.writer(schema.build().withHeader().withLineSeparator("\r\n")).writeValueAsString(rows);
  }

  static String json(SensitivityResult result) throws IOException {
    SensitivityPlan plan = result.plan();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scenario", plan.scenarioName());
    root.put("file", plan.file().toString());
    root.put("seed", plan.seed());
    root.put("modes", plan.modes().stream().map(m -> m.configName()).toList());
    root.put("factors", List.of(plan.low(), plan.high()));
    root.put("assumptions", plan.assumptions());
    root.put("tolerance", result.tolerance());
    root.put("jointDraws", plan.cases().stream().filter(SensitivityCase::isJoint).count());
    root.put("complete", result.complete());
    root.put("unfinishedWork", result.unfinished());
    if (!result.complete()) {
      root.put("incompleteReason", result.incompleteReason());
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (MetricResult m : result.metrics()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("description", m.metric().description());
      one.put("baselineRanking", m.baseline().ranking());
      one.put("baselineBestWorstRatio", m.baseline().ratio());
      one.put("robust", m.robust());
      one.put("dependsOn", m.dependsOn());
      one.put("jointDrawsChangingRanking", m.jointChanges());
      List<Map<String, Object>> cases = new ArrayList<>();
      for (CaseResult c : m.cases()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("case", c.sensitivityCase().label());
        if (c.sensitivityCase().key() != null) {
          row.put("key", c.sensitivityCase().key());
          row.put("factor", c.sensitivityCase().factor());
        }
        if (c.sensitivityCase().isJoint()) {
          row.put("factors", new java.util.TreeMap<>(c.sensitivityCase().factors()));
        }
        row.put("values", c.values());
        row.put("ranking", c.ranking());
        row.put("rankingChanged", c.rankingChanged());
        row.put("missing", c.missing());
        row.put("bestWorstRatio", c.ratio());
        row.put("ratioVsBaseline", c.ratioVsBaseline());
        cases.add(row);
      }
      one.put("cases", cases);
      metrics.put(m.metric().name(), one);
    }
    root.put("metrics", metrics);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    return mapper.writeValueAsString(root) + "\n";
  }

  /** One assumption's bar: the metric's ratio vs baseline at its low and high factor, and whether the ranking moved. */
  private record Bar(String key, double low, double high, boolean changed) {
    double swing() {
      return Math.abs(Math.log(low)) + Math.abs(Math.log(high));
    }
  }

  /**
   * The tornado chart of one metric, or null when its worst/best ratio is undefined (a design at 0) or no
   * assumption was varied.
   */
  static XYChart tornado(SensitivityPlan plan, MetricResult m) {
    List<Bar> bars = bars(plan, m);
    if (bars.isEmpty()) {
      return null;
    }
    bars.sort(Comparator.comparingDouble(Bar::swing).thenComparing(Bar::key, Comparator.reverseOrder()));
    double min = 1;
    double max = 1;
    for (Bar b : bars) {
      min = Math.min(min, Math.min(b.low, b.high));
      max = Math.max(max, Math.max(b.low, b.high));
    }
    double left = min / Math.pow(max / min * 4, 0.8);
    String title = m.metric().name() + ": worst/best ratio of the designs vs baseline (" + num(m.baseline().ratio())
        + "x)";
    XYChart chart = new XYChartBuilder().width(ChartReporter.WIDTH_PUBLIC).height(Math.max(360, 60 + 28 * bars.size()))
        .title(title).xAxisTitle("ratio at x0.25 .. x4 of the assumption, / baseline (log); red: ranking changed")
        .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisMin(left);
    chart.getStyler().setXAxisMax(max * 1.3);
    chart.getStyler().setYAxisMin(-1.0);
    chart.getStyler().setYAxisMax((double) bars.size());
    chart.getStyler().setYAxisTicksVisible(false);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    addBars(chart, bars, Math.sqrt(left * min));
    XYSeries base = chart.addSeries("baseline", new double[] {1, 1}, new double[] {-0.7, bars.size() - 0.3});
    base.setMarker(SeriesMarkers.NONE);
    base.setLineColor(Color.BLACK);
    base.setLineStyle(new BasicStroke(1f));
    return chart;
  }

  /** A bar per assumption with a ratio at both its low and its high factor, in plan order. */
  private static List<Bar> bars(SensitivityPlan plan, MetricResult m) {
    List<Bar> bars = new ArrayList<>();
    for (String key : plan.assumptions()) {
      Double lo = null;
      Double hi = null;
      boolean changed = false;
      for (CaseResult c : m.cases()) {
        if (key.equals(c.sensitivityCase().key()) && c.ratioVsBaseline() != null) {
          if (c.sensitivityCase().factor() < 1) {
            lo = c.ratioVsBaseline();
          } else {
            hi = c.ratioVsBaseline();
          }
          changed |= c.rankingChanged();
        }
      }
      if (lo != null && hi != null) {
        bars.add(new Bar(key, lo, hi, changed));
      }
    }
    return bars;
  }

  /** Draws bar {@code i} at y = i (spanning 1 and at least 0.4%), labelled at x = {@code labelX}. */
  private static void addBars(XYChart chart, List<Bar> bars, double labelX) {
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double lo = Math.min(Math.min(b.low, b.high), 1);
      double hi = Math.max(Math.max(b.low, b.high), 1);
      if (hi / lo < 1.002) {
        lo /= 1.002;
        hi *= 1.002;
      }
      XYSeries s = chart.addSeries(b.key, new double[] {lo, hi}, new double[] {i, i});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(b.changed ? new Color(0xC0, 0x30, 0x30) : new Color(0x30, 0x60, 0xB0));
      s.setLineStyle(new BasicStroke(14f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
      chart.addAnnotation(new AnnotationText(b.key + " (" + num(b.low) + " / " + num(b.high) + ")",
          labelX, i, false));
    }
  }

  private static String factors(SensitivityCase c) {
    StringBuilder sb = new StringBuilder();
    new java.util.TreeMap<>(c.factors()).forEach((k, f) -> {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(k).append('=').append(num(f));
    });
    return sb.toString();
  }

  static String num(Double v) {
    if (v == null) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString(v.longValue());
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
