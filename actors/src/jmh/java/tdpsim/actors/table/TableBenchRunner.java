package tdpsim.actors.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link TableBenchmark} with 1 and then 2 threads in one go and prints each operation beside its
 * {@code ConcurrentHashMap} equivalent with the ratio and the bar it must meet (walk at least 2x the map's
 * get, map at least 1x its put). Short by default (2 x 1 s warm-up, 3 x 1 s measurement, 1 fork) because the
 * build machine is shared; pass {@code long} for 5 x 2 s.
 *
 * <pre>java -cp actors/target/benchmarks.jar tdpsim.actors.table.TableBenchRunner</pre>
 */
public final class TableBenchRunner {
  private TableBenchRunner() {}

  public static void main(String[] args) throws Exception {
    boolean longRun = args.length > 0 && args[0].equals("long");
    TreeMap<String, Double> scores = new TreeMap<>();
    for (int threads : new int[] {1, 2}) {
      Options opts = new OptionsBuilder()
          .include(TableBenchmark.class.getName() + "\\.")
          .threads(threads)
          .forks(1)
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(longRun ? 5 : 3)
          .measurementTime(TimeValue.seconds(longRun ? 2 : 1))
          .build();
      Collection<RunResult> results = new Runner(opts).run();
      for (RunResult r : results) {
        String name = r.getParams().getBenchmark();
        scores.put(name.substring(name.lastIndexOf('.') + 1) + "@" + threads, r.getPrimaryResult().getScore());
      }
    }
    List<String[]> pairs = new ArrayList<>();
    pairs.add(new String[] {"walk", "walkTranslate", "walkMapGet", "2.0"});
    pairs.add(new String[] {"map", "mapTable", "mapHashPut", "1.0"});
    pairs.add(new String[] {"zap", "zapTable", "zapHashRemove", "-"});
    pairs.add(new String[] {"harvest", "harvestTable", "harvestHashScan", "-"});
    System.out.println();
    System.out.println("operation  threads   table (Mops/s)   CHM (Mops/s)   ratio   bar");
    for (int threads : new int[] {1, 2}) {
      for (String[] p : pairs) {
        double table = scores.getOrDefault(p[1] + "@" + threads, Double.NaN);
        double chm = scores.getOrDefault(p[2] + "@" + threads, Double.NaN);
        double ratio = table / chm;
        String bar = p[3].equals("-") ? "-" : (ratio >= Double.parseDouble(p[3]) ? ">= " + p[3] + " ok" : "< " + p[3]
            + " MISSED");
        System.out.println(String.format(Locale.ROOT, "%-10s %7d %16.2f %14.2f %7.2f   %s", p[0], threads,
            table / 1e6, chm / 1e6, ratio, bar));
      }
    }
  }
}
