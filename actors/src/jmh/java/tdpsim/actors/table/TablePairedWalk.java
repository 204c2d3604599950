package tdpsim.actors.table;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walk against {@code ConcurrentHashMap.get} in alternating rounds inside one JVM, one thread: a paired
 * measurement for a shared, busy machine, where JMH's one-benchmark-after-the-other runs see different
 * interference. Each round times 4M random translates of 1M mapped gfns, then 4M gets of the same keys; the
 * median of the per-round ratios is the figure. A supplement to {@link TableBenchmark}, not a replacement.
 *
 * <pre>java -Xmx1g -cp actors/target/benchmarks.jar tdpsim.actors.table.TablePairedWalk</pre>
 */
public final class TablePairedWalk {
  private TablePairedWalk() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int n = 1 << 20;
    long pfnOffset = 64L << 18;
    SharedPageTable table = new SharedPageTable(TableSettings.defaults());
    ConcurrentHashMap<Long, Long> map = new ConcurrentHashMap<>(2 * n);
    for (long g = 0; g < n; g++) {
      table.map(g, 1, g + pfnOffset, Spte.ACC_READ | Spte.ACC_WRITE);
      map.put(g, g + pfnOffset);
    }
    SplittableRandom rng = new SplittableRandom(42);
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = rng.nextLong(n);
    }
    long sink = 0;
    double[] ratios = new double[rounds];
    double[] walkNs = new double[rounds];
    double[] getNs = new double[rounds];
    for (int round = -3; round < rounds; round++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < 4; k++) {
        for (int i = 0; i < n; i++) {
          sink += table.translate(keys[i], Spte.ACC_READ, 3);
        }
      }
      long t1 = System.nanoTime();
      for (int k = 0; k < 4; k++) {
        for (int i = 0; i < n; i++) {
          sink += map.get(keys[i]);
        }
      }
      long t2 = System.nanoTime();
      if (round >= 0) {
        walkNs[round] = (t1 - t0) / (4.0 * n);
        getNs[round] = (t2 - t1) / (4.0 * n);
        ratios[round] = (double) (t2 - t1) / (t1 - t0);
      }
    }
    Arrays.sort(ratios);
    Arrays.sort(walkNs);
    Arrays.sort(getNs);
    System.out.println(String.format(Locale.ROOT,
        "paired walk, %d rounds: translate median %.1f ns (best %.1f), get median %.1f ns (best %.1f),"
            + " get/translate ratio median %.2f (min %.2f, max %.2f) [checksum %d]",
        rounds, walkNs[rounds / 2], walkNs[0], getNs[rounds / 2], getNs[0], ratios[rounds / 2], ratios[0],
        ratios[rounds - 1], sink & 0xff));
  }
}
