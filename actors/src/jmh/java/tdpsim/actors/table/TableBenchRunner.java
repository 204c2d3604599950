package tdpsim.actors.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link TableBenchmark} with 1 and then 2 threads in one go and prints each operation beside its
 * {@code ConcurrentHashMap} equivalent with the ratio and the bar it must meet (walk at least 2x the map's
 * get, map at least 1x its put). Short by default (2 x 1 s warm-up, 5 x 1 s measurement, 1 fork) because the
 * build machine is shared; pass {@code long} for 8 x 2 s. Both the mean and the best measurement iteration are
 * printed: on a shared machine other processes only ever slow a run down, so the best iteration is the better
 * estimate of what the code does, and the ratios are given for both. Write-protect has no map counterpart: its
 * map column and ratios print NaN.
 *
 * <pre>java -cp actors/target/benchmarks.jar tdpsim.actors.table.TableBenchRunner</pre>
 */
public final class TableBenchRunner {
  private TableBenchRunner() {}

  public static void main(String[] args) throws Exception {
    boolean longRun = args.length > 0 && args[0].equals("long");
    TreeMap<String, Double> scores = new TreeMap<>();
    TreeMap<String, Double> best = new TreeMap<>();
    for (int threads : new int[] {1, 2}) {
      Options opts = new OptionsBuilder()
          .include(TableBenchmark.class.getName() + "\\.")
          .threads(threads)
          .forks(1)
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(longRun ? 8 : 5)
          .measurementTime(TimeValue.seconds(longRun ? 2 : 1))
          .build();
      Collection<RunResult> results = new Runner(opts).run();
      for (RunResult r : results) {
        String name = r.getParams().getBenchmark();
        String key = name.substring(name.lastIndexOf('.') + 1) + "@" + threads;
        scores.put(key, r.getPrimaryResult().getScore());
        double top = 0;
        for (BenchmarkResult b : r.getBenchmarkResults()) {
          for (IterationResult it : b.getIterationResults()) {
            top = Math.max(top, it.getPrimaryResult().getScore());
          }
        }
        best.put(key, top);
      }
    }
    List<String[]> pairs = new ArrayList<>();
    pairs.add(new String[] {"walk", "walkTranslate", "walkMapGet", "2.0"});
    pairs.add(new String[] {"map", "mapTable", "mapHashPut", "1.0"});
    pairs.add(new String[] {"zap", "zapTable", "zapHashRemove", "-"});
    pairs.add(new String[] {"harvest", "harvestTable", "harvestHashScan", "-"});
    pairs.add(new String[] {"wrprot", "writeProtectTable", "-", "-"});
    System.out.println();
    System.out.println("operation threads | mean: table  CHM (Mops/s) ratio | best iteration: table  CHM  ratio | bar");
    for (int threads : new int[] {1, 2}) {
      for (String[] p : pairs) {
        String t = p[1] + "@" + threads;
        String c = p[2] + "@" + threads;
        double meanRatio = scores.getOrDefault(t, Double.NaN) / scores.getOrDefault(c, Double.NaN);
        double bestRatio = best.getOrDefault(t, Double.NaN) / best.getOrDefault(c, Double.NaN);
        String bar = "-";
        if (!p[3].equals("-")) {
          double need = Double.parseDouble(p[3]);
          bar = ">= " + p[3] + ": mean " + (meanRatio >= need ? "ok" : "MISSED") + ", best " + (bestRatio >= need
              ? "ok" : "MISSED");
        }
        System.out.println(String.format(Locale.ROOT, "%-9s %7d | %10.2f %8.2f %6.2f | %14.2f %8.2f %6.2f | %s",
            p[0], threads, scores.getOrDefault(t, Double.NaN) / 1e6, scores.getOrDefault(c, Double.NaN) / 1e6,
            meanRatio, best.getOrDefault(t, Double.NaN) / 1e6, best.getOrDefault(c, Double.NaN) / 1e6, bestRatio,
            bar));
      }
    }
  }
}
