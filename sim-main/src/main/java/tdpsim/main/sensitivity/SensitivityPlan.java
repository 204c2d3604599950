package tdpsim.main.sensitivity;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import tdpsim.loadgen.EntitySeeds;
import tdpsim.main.ConfigSources;
import tdpsim.main.CostSettings;
import tdpsim.main.UserException;
import tdpsim.main.sweep.SweepAxis;
import tdpsim.main.sweep.SweepPlan;
import tdpsim.main.sweep.SweepPoint;
import tdpsim.main.work.LoadedScenario;
import tdpsim.protocol.Mode;

/**
 * The cases of a sensitivity analysis and the sweep plan that runs them. Every case runs every design of the
 * scenario with the scenario's own seed and the deterministic engine, so the only difference between two cases
 * is the cost that was scaled.
 *
 * @param assumptions the keys varied (those whose source is {@code assumption}): cost keys in reference order, then
 *     the model sizes ({@link #modelSizes}) by path
 */
public record SensitivityPlan(Path file, String scenarioName, List<Mode> modes, long seed, double low, double high,
    List<String> assumptions, List<SensitivityCase> cases) {

  /** Factors of the one-at-a-time cases; joint draws are log-uniform between them. */
  public static final double LOW = 0.25;
  public static final double HIGH = 4.0;

  public SensitivityPlan {
    modes = List.copyOf(modes);
    assumptions = List.copyOf(assumptions);
    cases = List.copyOf(cases);
  }

  /**
   * @param keys only these assumptions (null: every key whose source is an assumption)
   * @param joint number of joint draws
   */
  public static SensitivityPlan of(Path file, List<String> keys, int joint) {
    if (joint < 0) {
      throw new UserException("--joint = " + joint + ": expected a whole number >= 0");
    }
    LoadedScenario loaded = LoadedScenario.load(file, Map.of(), true);
    Config merged = ConfigFactory.parseFile(file.toFile()).withFallback(ConfigFactory.defaultReference()).resolve();
    Config reference = ConfigFactory.defaultReference();
    String origin = file.toString();
    List<String> all = new ArrayList<>();
    for (String k : CostSettings.keys()) {
      String source = CostSettings.source(merged.getConfig("tdpsim.cost"), k);
      if (source.isEmpty()) {
        source = CostSettings.source(reference.getConfig("tdpsim.cost"), k);
      }
      if (CostSettings.isAssumption(source)) {
        all.add(k);
      }
    }
    Config own = ConfigFactory.parseFile(file.toFile());
    List<String> sizes = modelSizes(own);
    all.addAll(sizes);
    List<String> chosen = all;
    if (keys != null) {
      for (String k : keys) {
        if (!CostSettings.keys().contains(k) && !modelSizes(ConfigFactory.empty()).contains(k)) {
          throw new UserException("--keys: " + k + ": not a cost key or an assumed model size; keys are "
              + String.join(", ", CostSettings.keys()) + ", " + String.join(", ", modelSizes(ConfigFactory.empty())));
        }
        if (!all.contains(k)) {
          throw new UserException("--keys: " + k + ": its source is not an assumption in " + origin
              + (sizes.contains(k) || CostSettings.keys().contains(k) ? "" : " (the scenario sets it itself)"));
        }
      }
      chosen = List.copyOf(keys);
    }
    List<SensitivityCase> cases = new ArrayList<>();
    cases.add(new SensitivityCase("baseline", null, 1.0, Map.of(), Map.of()));
    for (String k : chosen) {
      for (double f : new double[] {LOW, HIGH}) {
        Map<String, Object> o = Map.of(overrideKey(k), scaled(merged, origin, k, f));
        cases.add(new SensitivityCase(k + " x" + format(f), k, f, Map.of(k, f), o));
      }
    }
    SplittableRandom random = new SplittableRandom(EntitySeeds.of(loaded.scenario().seed(), "sensitivity-joint", 0));
    double lnLow = Math.log(LOW);
    double lnHigh = Math.log(HIGH);
    for (int j = 1; j <= joint; j++) {
      Map<String, Double> factors = new LinkedHashMap<>();
      Map<String, Object> o = new LinkedHashMap<>();
      for (String k : chosen) {
        double f = Math.exp(lnLow + (lnHigh - lnLow) * random.nextDouble());
        f = Math.round(f * 1000) / 1000.0;
        factors.put(k, f);
        o.put(overrideKey(k), scaled(merged, origin, k, f));
      }
      cases.add(new SensitivityCase("joint " + j, null, 1.0, factors, o));
    }
    return new SensitivityPlan(file, loaded.scenario().name(), loaded.scenario().modes(), loaded.scenario().seed(),
        LOW, HIGH, chosen, cases);
  }

  /** The sweep that runs the cases: one variable axis {@code case}, one point per case, the scenario's seed. */
  public SweepPlan sweepPlan() {
    List<Object> values = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<SweepPoint> points = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      SensitivityCase c = cases.get(i);
      values.add(c.label());
      labels.add(c.label());
      points.add(new SweepPoint(i, seed, List.of(i), c.overrides()));
    }
    SweepAxis axis = new SweepAxis("case", true, values, labels);
    return new SweepPlan(file, scenarioName + "-sensitivity", file.toString(), modes, seed, true, List.of(axis),
        points);
  }

  /**
   * The model sizes sensitivity varies besides the costs: every key outside tdpsim.cost whose reference source is
   * an assumption and whose default is a number ({@link ConfigSources}), unless the scenario file sets it itself
   * (then it is the scenario's choice). Named by their path under tdpsim, e.g. {@code scenario.iommu.iotlb-entries}.
   */
  static List<String> modelSizes(Config scenarioFile) {
    List<String> out = new ArrayList<>();
    for (ConfigSources.Entry e : ConfigSources.entries(ConfigSources.reference())) {
      if (!e.isCost() && e.isAssumption() && e.isNumber() && !scenarioFile.hasPath("tdpsim." + e.path())) {
        out.add(e.path());
      }
    }
    out.sort(null);
    return out;
  }

  private static String overrideKey(String key) {
    return CostSettings.keys().contains(key) ? "tdpsim.cost." + key : "tdpsim." + key;
  }

  /** A cost scaled as CostSettings does; a model size scaled and rounded to a whole number >= 1. */
  private static Object scaled(Config merged, String origin, String key, double factor) {
    if (CostSettings.keys().contains(key)) {
      return CostSettings.scaled(merged, origin, key, factor);
    }
    return Math.max(1L, Math.round(merged.getLong("tdpsim." + key) * factor));
  }

  static String format(double f) {
    if (f == Math.rint(f)) {
      return Long.toString((long) f);
    }
    return String.format(Locale.ROOT, "%s", f);
  }
}
