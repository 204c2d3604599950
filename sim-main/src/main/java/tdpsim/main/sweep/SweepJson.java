package tdpsim.main.sweep;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tdpsim.main.BuildInfo;
import tdpsim.main.engine.ReplicationSeeds;
import tdpsim.main.report.Provenance;
import tdpsim.main.report.Replications;
import tdpsim.main.stats.Summary;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.report.LatencySummary;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;
import tdpsim.main.work.ModeResult;

/**
 * {@code sweep.json}: the plan (axes, designs, seeds) and, per point, each finished design's status and figures.
 * Field order is fixed; only the {@code simulator} objects hold wall-clock figures. See {@code docs/sweeps.md}.
 */
final class SweepJson {
  static final String FILE_NAME = "sweep.json";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private SweepJson() {}

  static void write(SweepResult result, OutputStream out) throws IOException {
    MAPPER.writeValue(new NonClosing(out), tree(result));
    out.write('\n');
  }

  static Map<String, Object> tree(SweepResult result) {
    SweepPlan plan = result.plan();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("sweep", plan.name());
    root.put("file", plan.file().toString());
    root.put("scenario", plan.scenario());
    root.put("baseSeed", plan.baseSeed());
    root.put("seedFormula", "EntitySeeds.of(baseSeed, \"" + SweepPlan.POINT_SEED_KIND + "\", point)");
    root.put("deterministic", plan.deterministic());
    root.put("complete", result.complete());
    root.put("incompleteReason", result.incompleteReason());
    root.put("modes", plan.modes().stream().map(m -> m.configName()).toList());
    root.put("axes", axes(plan));
    List<Map<String, Object>> points = points(plan);
    long events = 0;
    double itemSeconds = 0;
    for (PointResult r : result.results()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> modes = (Map<String, Object>) points.get(plan.pointOf(r.item()).index()).get("modes");
      Map<String, Object> entry = entry(r);
      ModeResult mr = r.result();
      if (mr != null) {
        events += mr.events();
        itemSeconds += mr.wallSeconds();
      }
      if (plan.replicationOf(r.item()) == 0) {
        modes.put(r.item().mode().configName(), entry);
      }
    }
    if (plan.repeat() > 1) {
      replications(result, points);
    }
    root.put("points", points);
    Map<String, Object> sim = new LinkedHashMap<>();
    sim.put("items", plan.itemCount());
    sim.put("finished", result.results().size());
    sim.put("problems", result.problems());
    sim.put("events", events);
    sim.put("itemWallSeconds", decimal(itemSeconds));
    sim.put("wallSeconds", decimal(result.wallSeconds()));
    root.put("simulator", sim);
    root.put("provenance", provenance(plan));
    return root;
  }

  private static List<Object> axes(SweepPlan plan) {
    List<Object> axes = new ArrayList<>();
    for (SweepAxis a : plan.axes()) {
      Map<String, Object> axis = new LinkedHashMap<>();
      axis.put("name", a.name());
      axis.put("kind", a.variable() ? "variable" : "parameter");
      axis.put("values", a.labels());
      axes.add(axis);
    }
    return axes;
  }

  /** Every point of the plan with its index, seed and axis values, and an empty {@code modes} to fill. */
  private static List<Map<String, Object>> points(SweepPlan plan) {
    List<Map<String, Object>> points = new ArrayList<>();
    for (SweepPoint p : plan.points()) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("index", p.index());
      point.put("seed", p.seed());
      Map<String, Object> values = new LinkedHashMap<>();
      for (int a = 0; a < plan.axes().size(); a++) {
        values.put(plan.axes().get(a).name(), plan.label(p, a));
      }
      point.put("values", values);
      point.put("modes", new LinkedHashMap<String, Object>());
      points.add(point);
    }
    return points;
  }

  /** One finished item: its status, problem, report and (when it ran) simulator figures. */
  private static Map<String, Object> entry(PointResult r) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("status", r.status());
    entry.put("problem", r.problem());
    ModeResult mr = r.result();
    entry.put("report", mr == null ? null : mode(mr.report()));
    if (mr != null) {
      Map<String, Object> sim = new LinkedHashMap<>();
      sim.put("events", mr.events());
      sim.put("messages", mr.messages());
      sim.put("wallSeconds", decimal(mr.wallSeconds()));
      sim.put("heapBytes", mr.heapBytes());
      entry.put("simulator", sim);
    }
    return entry;
  }

  /**
   * Per point with replications: {@code replications} (count, seeds, and per design and figure the mean, sd and
   * 95% interval) and {@code pairedDifferences}, from the replications in which every design finished sound.
   */
  private static void replications(SweepResult result, List<Map<String, Object>> points) {
    SweepPlan plan = result.plan();
    Map<Integer, Map<Integer, Map<String, ModeReport>>> byPoint = new java.util.TreeMap<>();
    Map<Integer, Map<Integer, Long>> seeds = new java.util.TreeMap<>();
    for (PointResult r : result.results()) {
      if (r.problem() != null || r.result() == null) {
        continue;
      }
      int point = plan.pointOf(r.item()).index();
      int rep = plan.replicationOf(r.item());
      byPoint.computeIfAbsent(point, k -> new java.util.TreeMap<>()).computeIfAbsent(rep, k -> new LinkedHashMap<>())
          .put(r.item().mode().configName(), r.result().report());
      seeds.computeIfAbsent(point, k -> new java.util.TreeMap<>()).put(rep, r.item().seed());
    }
    byPoint.forEach((point, reps) -> {
      List<Map<String, ModeReport>> runs = new ArrayList<>();
      List<Long> repSeeds = new ArrayList<>();
      reps.forEach((rep, modes) -> {
        if (modes.size() == plan.modes().size()) {
          runs.add(modes);
          repSeeds.add(seeds.get(point).get(rep));
        }
      });
      if (runs.isEmpty()) {
        return;
      }
      Replications rs = Replications.of(runs, repSeeds);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("count", rs.count());
      out.put("seeds", rs.seeds());
      out.put("modes", summaries(rs.byMode(), false));
      out.put("pairedDifferences", summaries(rs.pairs(), true));
      points.get(point).put("replications", out);
    });
  }

  private static Map<String, Object> summaries(Map<String, Map<String, Summary>> in, boolean difference) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((group, figures) -> {
      Map<String, Object> g = new LinkedHashMap<>();
      figures.forEach((name, s) -> {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("n", s.n());
        f.put("mean", decimal(s.mean()));
        f.put("sd", decimal(s.sd()));
        f.put("ciLow", decimal(s.ciLow()));
        f.put("ciHigh", decimal(s.ciHigh()));
        if (difference) {
          f.put("withinNoise", s.withinNoise());
        }
        g.put(name, f);
      });
      out.put(group, g);
    });
    return out;
  }

  /**
   * The sweep's provenance: the base scenario resolved as HOCON followed by the sweep file, the cost model, every
   * point's replication seeds and the hash over them with the build.
   */
  private static Map<String, Object> provenance(SweepPlan plan) {
    LoadedScenario base = LoadedScenario.load(plan.scenario(), Map.of(), plan.deterministic());
    String sweepHocon;
    try {
      sweepHocon = com.typesafe.config.ConfigFactory.parseFile(plan.file().toFile()).root()
          .render(com.typesafe.config.ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
              .setJson(false));
    } catch (com.typesafe.config.ConfigException e) {
      sweepHocon = "";
    }
    List<Long> seeds = new ArrayList<>();
    for (SweepPoint p : plan.points()) {
      seeds.addAll(ReplicationSeeds.of(p.seed(), plan.repeat()));
    }
    Provenance p = Provenance.of(BuildInfo.version(), BuildInfo.gitCommit(), BuildInfo.javaVersion(),
        base.scenarioHocon() + "\n# sweep " + plan.file().getFileName() + "\n" + sweepHocon, base.costHocon(), seeds,
        plan.repeat());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tdpsimVersion", p.tdpsimVersion());
    out.put("gitCommit", p.gitCommit());
    out.put("javaVersion", p.javaVersion());
    out.put("seeds", p.seeds());
    out.put("replications", p.replications());
    out.put("hash", p.hash());
    out.put("scenarioHocon", p.scenarioHocon());
    out.put("costModel", p.costModel());
    return out;
  }

  private static Map<String, Object> mode(ModeReport m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("refusedReason", m.refusedReason());
    Map<String, Object> tables = new LinkedHashMap<>();
    tables.put("tdp", table(m.tdp()));
    tables.put("iommu", table(m.iommu()));
    out.put("tables", tables);
    out.put("totalTableBytes", m.totalTableBytes());
    out.put("pinnedBytes", m.pinnedBytes());
    out.put("counters", m.counters());
    out.put("zapsByCause", m.zapsByCause());
    Map<String, Object> latency = new LinkedHashMap<>();
    for (Map.Entry<String, LatencySummary> e : m.latencyNs().entrySet()) {
      LatencySummary s = e.getValue();
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("count", s.count());
      l.put("p50", s.p50());
      l.put("p99", s.p99());
      l.put("max", s.max());
      l.put("mean", decimal(s.mean()));
      latency.put(e.getKey(), l);
    }
    out.put("latencyNs", latency);
    out.put("invariantViolations", m.invariantViolations());
    if (m.extra().get("migration") != null) {
      out.put("migration", m.extra().get("migration"));
    }
    if (m.extra().get(ModeReport.WORK_COMPLETE) instanceof Boolean done) {
      out.put(ModeReport.WORK_COMPLETE, done);
    }
    Map<String, Object> normalised = new LinkedHashMap<>();
    tdpsim.main.report.Normalised.from(m).forEach((k, v) -> normalised.put(k, decimal(v)));
    if (!normalised.isEmpty()) {
      out.put("normalised", normalised);
    }
    return out;
  }

  private static Map<String, Object> table(TableReport t) {
    if (t == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pages", t.pages());
    out.put("bytes", t.bytes());
    Map<String, Object> byLevel = new LinkedHashMap<>();
    t.pagesByLevel().forEach((level, pages) -> byLevel.put(Integer.toString(level), pages));
    out.put("pagesByLevel", byLevel);
    return out;
  }

  /** Plain decimal with at most three fractional digits; null for NaN and infinities. */
  static BigDecimal decimal(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return null;
    }
    BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  /** Jackson closes the stream it writes to; the atomic writer owns it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
