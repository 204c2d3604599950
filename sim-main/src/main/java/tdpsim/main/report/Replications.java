package tdpsim.main.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tdpsim.main.stats.Summary;

/**
 * A run repeated N times ({@code run --repeat N}): for every design and every figure of {@link MetricSet}, the mean,
 * standard deviation and 95% interval over the replications; for every pair of designs, the paired difference.
 * Replication r runs every design with the same seed, so the designs see the same random draws (common random
 * numbers) and the paired difference of replication r cancels the noise they share.
 *
 * @param count replications
 * @param seeds the scenario seed of each replication, in order
 * @param byMode design name to figure name to summary
 * @param pairs pair name {@code "B - A"} (B ran after A) to figure name to the summary of B - A
 */
public record Replications(int count, List<Long> seeds, Map<String, Map<String, Summary>> byMode,
    Map<String, Map<String, Summary>> pairs) {
  public Replications {
    seeds = List.copyOf(seeds);
    byMode = Collections.unmodifiableMap(new LinkedHashMap<>(byMode));
    pairs = Collections.unmodifiableMap(new LinkedHashMap<>(pairs));
  }

  /** The key of the pair "b minus a". */
  public static String pairName(String b, String a) {
    return b + " - " + a;
  }

  /**
   * @param runs per replication, the designs' reports by name (every replication ran the same designs)
   * @param seeds the seed of each replication
   */
  public static Replications of(List<Map<String, ModeReport>> runs, List<Long> seeds) {
    Objects.requireNonNull(runs, "runs");
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no replications");
    }
    List<String> modes = new ArrayList<>();
    for (Map.Entry<String, ModeReport> e : runs.get(0).entrySet()) {
      if (!e.getValue().isRefused() && runs.stream().allMatch(r -> r.containsKey(e.getKey()))) {
        modes.add(e.getKey());
      }
    }
    Map<String, List<Map<String, Double>>> figures = new LinkedHashMap<>();
    for (String mode : modes) {
      List<Map<String, Double>> perRun = new ArrayList<>();
      runs.forEach(r -> perRun.add(MetricSet.of(r.get(mode))));
      figures.put(mode, perRun);
    }
    Map<String, Map<String, Summary>> byMode = new LinkedHashMap<>();
    for (String mode : modes) {
      Map<String, Summary> s = new LinkedHashMap<>();
      for (String name : names(figures.get(mode))) {
        s.put(name, Summary.of(column(figures.get(mode), name)));
      }
      byMode.put(mode, s);
    }
    Map<String, Map<String, Summary>> pairs = new LinkedHashMap<>();
    for (int i = 0; i < modes.size(); i++) {
      for (int j = i + 1; j < modes.size(); j++) {
        String a = modes.get(i);
        String b = modes.get(j);
        Set<String> names = names(figures.get(b));
        names.retainAll(names(figures.get(a)));
        Map<String, Summary> d = new LinkedHashMap<>();
        for (String name : names) {
          d.put(name, Summary.pairedDifference(column(figures.get(b), name), column(figures.get(a), name)));
        }
        pairs.put(pairName(b, a), d);
      }
    }
    return new Replications(runs.size(), seeds, byMode, pairs);
  }

  /** The summary of one figure of one design, or null. */
  public Summary summary(String mode, String figure) {
    Map<String, Summary> m = byMode.get(mode);
    return m == null ? null : m.get(figure);
  }

  /** The paired difference {@code b - a} of one figure, whichever order the designs ran in; null when unknown. */
  public Summary difference(String b, String a, String figure) {
    Map<String, Summary> d = pairs.get(pairName(b, a));
    if (d != null) {
      return d.get(figure);
    }
    Map<String, Summary> reverse = pairs.get(pairName(a, b));
    if (reverse == null || reverse.get(figure) == null) {
      return null;
    }
    Summary s = reverse.get(figure);
    return new Summary(s.n(), -s.mean(), s.sd(), -s.ciHigh(), -s.ciLow());
  }

  /** Names present in every replication (a latency kind seen in only some replications is left out). */
  private static Set<String> names(List<Map<String, Double>> perRun) {
    Set<String> names = new LinkedHashSet<>(perRun.get(0).keySet());
    perRun.forEach(r -> names.retainAll(r.keySet()));
    return names;
  }

  private static double[] column(List<Map<String, Double>> perRun, String name) {
    double[] out = new double[perRun.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = perRun.get(i).get(name);
    }
    return out;
  }
}
