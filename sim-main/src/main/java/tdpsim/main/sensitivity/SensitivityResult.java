package tdpsim.main.sensitivity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tdpsim.main.report.ModeReport;
import tdpsim.main.sweep.PointResult;
import tdpsim.main.sweep.SweepResult;

/**
 * The analysis of a finished sensitivity sweep. Per headline metric (lower is better) and case: each design's
 * value, the ranking of the designs (best first; {@code =} joins equal values, {@code ~} values within the
 * tolerance), whether it differs from the baseline's by a reversal of some pair that is apart by more than the
 * tolerance in both, and the worst/best ratio next to the baseline's. A ranking whose designs are within the
 * tolerance of each other is no conclusion, so it cannot change either.
 *
 * @param metrics per metric that at least two designs report in the baseline, its analysis
 * @param unfinished per case (label, plan order) in which a design reached the cap before its work was done
 *     under {@code run.until = work}, those designs: their figures in that case cover less work
 */
public record SensitivityResult(SensitivityPlan plan, double tolerance, List<MetricResult> metrics,
    boolean complete, String incompleteReason, Map<String, List<String>> unfinished) {

  /** Default tolerance: two designs within 5 % of each other are not ranked apart. */
  public static final double DEFAULT_TOLERANCE = 0.05;

  /** One metric over all cases. */
  public record MetricResult(Metric metric, List<CaseResult> cases) {
    /** The baseline row. */
    public CaseResult baseline() {
      return cases.get(0);
    }

    /** The assumptions whose x0.25 or x4 case reverses a pair of designs, in plan order. */
    public List<String> dependsOn() {
      Set<String> out = new LinkedHashSet<>();
      for (CaseResult c : cases) {
        if (c.sensitivityCase().key() != null && c.rankingChanged()) {
          out.add(c.sensitivityCase().key());
        }
      }
      return List.copyOf(out);
    }

    /** Joint draws that reversed a pair of designs. */
    public long jointChanges() {
      return cases.stream().filter(c -> c.sensitivityCase().isJoint() && c.rankingChanged()).count();
    }

    public long jointDraws() {
      return cases.stream().filter(c -> c.sensitivityCase().isJoint()).count();
    }

    /** True when no case changed the ranking. */
    public boolean robust() {
      return cases.stream().noneMatch(CaseResult::rankingChanged);
    }
  }

  /**
   * One metric in one case.
   *
   * @param values per design that reports the metric, its value (design order of the plan)
   * @param ranking designs best first; designs with equal values are joined with {@code =}
   * @param rankingChanged a pair of designs ordered strictly one way in the baseline is ordered strictly the
   *     other way here (ties that open or close do not count)
   * @param ratio worst / best value, null when the best is 0 or fewer than two designs report it
   * @param ratioVsBaseline {@code ratio} / the baseline's ratio, null when either is null
   * @param missing true when a design of the baseline has no result in this case (failed run)
   */
  public record CaseResult(SensitivityCase sensitivityCase, Map<String, Double> values, String ranking,
      boolean rankingChanged, Double ratio, Double ratioVsBaseline, boolean missing) {}

  /** Analyses a finished sweep of {@code plan.sweepPlan()}. */
  public static SensitivityResult analyse(SensitivityPlan plan, SweepResult sweep, double tolerance) {
    int designs = plan.modes().size();
    List<Map<String, ModeReport>> byCase = new ArrayList<>();
    for (int i = 0; i < plan.cases().size(); i++) {
      byCase.add(new LinkedHashMap<>());
    }
    for (PointResult r : sweep.results()) {
      if (r.result() != null && r.problem() == null) {
        byCase.get(r.item().index() / designs).put(r.item().mode().configName(), r.result().report());
      }
    }
    List<MetricResult> metrics = new ArrayList<>();
    for (Metric metric : Metric.HEADLINE) {
      Map<String, Double> base = values(metric, plan, byCase.get(0));
      if (base.size() < 2) {
        continue;
      }
      Double baseRatio = ratio(base);
      List<CaseResult> rows = new ArrayList<>();
      for (int i = 0; i < plan.cases().size(); i++) {
        Map<String, Double> v = values(metric, plan, byCase.get(i));
        boolean missing = !v.keySet().containsAll(base.keySet());
        boolean changed = !missing && reversed(base, v, tolerance);
        Double ratio = ratio(v);
        Double vs = ratio == null || baseRatio == null ? null : ratio / baseRatio;
        rows.add(new CaseResult(plan.cases().get(i), v, ranking(v, tolerance), changed, ratio, vs, missing));
      }
      metrics.add(new MetricResult(metric, rows));
    }
    return new SensitivityResult(plan, tolerance, metrics, sweep.complete(), sweep.incompleteReason(),
        unfinished(plan, byCase));
  }

  /** Per case, in plan order, the designs whose report says workComplete: false. */
  private static Map<String, List<String>> unfinished(SensitivityPlan plan, List<Map<String, ModeReport>> byCase) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < plan.cases().size(); i++) {
      List<String> capped = byCase.get(i).values().stream()
          .filter(ModeReport::workUnfinished).map(ModeReport::mode).toList();
      if (!capped.isEmpty()) {
        out.put(plan.cases().get(i).label(), capped);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Double> values(Metric metric, SensitivityPlan plan, Map<String, ModeReport> reports) {
    Map<String, Double> out = new LinkedHashMap<>();
    plan.modes().forEach(m -> {
      Double v = metric.value(reports.get(m.configName()));
      if (v != null) {
        out.put(m.configName(), v);
      }
    });
    return out;
  }

  static boolean reversed(Map<String, Double> base, Map<String, Double> other, double tolerance) {
    List<String> names = new ArrayList<>(base.keySet());
    for (int a = 0; a < names.size(); a++) {
      for (int b = a + 1; b < names.size(); b++) {
        int before = compare(base.get(names.get(a)), base.get(names.get(b)), tolerance);
        int after = compare(other.get(names.get(a)), other.get(names.get(b)), tolerance);
        if (before != 0 && after != 0 && Integer.signum(before) != Integer.signum(after)) {
          return true;
        }
      }
    }
    return false;
  }

  /** -1, 0 or 1; 0 when the two are within {@code tolerance} of the larger. */
  static int compare(double a, double b, double tolerance) {
    if (Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b))) {
      return 0;
    }
    return Double.compare(a, b);
  }

  static String ranking(Map<String, Double> values, double tolerance) {
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(values.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey(
        Comparator.naturalOrder())));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < sorted.size(); i++) {
      if (i > 0) {
        double prev = sorted.get(i - 1).getValue();
        double cur = sorted.get(i).getValue();
        sb.append(cur == prev ? " = " : compare(prev, cur, tolerance) == 0 ? " ~ " : " < ");
      }
      sb.append(sorted.get(i).getKey());
    }
    return sb.toString();
  }

  static Double ratio(Map<String, Double> values) {
    if (values.size() < 2) {
      return null;
    }
    double min = values.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return min > 0 ? max / min : null;
  }
}
