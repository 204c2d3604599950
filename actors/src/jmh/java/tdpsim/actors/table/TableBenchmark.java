package tdpsim.actors.table;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the shared table's walk, fault (map), zap and dirty harvest, each beside a
 * {@code ConcurrentHashMap<Long, Long>} doing the equivalent get / put / remove / scan on the same keys: the
 * obvious alternative a simulator could have used for gfn to pfn ({@code writeProtectTable} has no map
 * counterpart). Scores are operations per second where one
 * operation is one 4 KiB page (translated, mapped, unmapped or scanned). Run with 1 and 2 threads by
 * {@link TableBenchRunner}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
public class TableBenchmark {
  static final long GIB = 1L << 18;
  /** 4 GiB of 4 KiB pages, populated for walks and harvests. */
  static final int POPULATED = (int) (4 * GIB);
  /** Pages per map / zap / harvest invocation: 64 MiB, 32 stripe granules, so two threads never share one. */
  static final int BATCH = 16 * 1024;
  static final long PFN_OFFSET = 64 * GIB;
  static final long DIRTY = 1L << 62;
  private static final int RW = Spte.ACC_READ | Spte.ACC_WRITE;

  /** The table and the map, populated with the same 1M gfns; every 8th page is dirty. */
  @State(Scope.Benchmark)
  public static class Shared {
    SharedPageTable table;
    ConcurrentHashMap<Long, Long> map;
    long[] randomGfns;
    final AtomicInteger threadIds = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
      table = new SharedPageTable(TableSettings.defaults());
      map = new ConcurrentHashMap<>(2 * POPULATED);
      for (long g = 0; g < POPULATED; g++) {
        table.map(g, 1, g + PFN_OFFSET, RW);
        boolean dirty = (g & 7) == 0;
        if (dirty) {
          table.translate(g, Spte.ACC_WRITE, 3);
        }
        map.put(g, (g + PFN_OFFSET) | (dirty ? DIRTY : 0));
      }
      SplittableRandom rng = new SplittableRandom(42);
      randomGfns = new long[1 << 20];
      for (int i = 0; i < randomGfns.length; i++) {
        randomGfns[i] = rng.nextLong(POPULATED);
      }
    }
  }

  /**
   * Per-thread state. Each benchmark thread gets its own instance with a private 64 MiB region above the
   * populated 4 GiB (for map and zap) and a private 64 MiB harvest window inside it. The invocation-level
   * setups are here, not in states that depend on this one, because JMH may hand a dependent state's setup a
   * different instance than the benchmark method gets.
   */
  @State(Scope.Thread)
  public static class PerThread {
    SharedPageTable table;
    ConcurrentHashMap<Long, Long> map;
    long[] randomGfns;
    int next;
    long region;
    long window;

    @Setup(Level.Trial)
    public void setUp(Shared s) {
      int id = s.threadIds.getAndIncrement();
      table = s.table;
      map = s.map;
      randomGfns = s.randomGfns;
      next = id * 4099;
      region = 8 * GIB + (long) id * BATCH;
      window = (long) id * BATCH * 4;
    }

    /** Maps every page of {@code [from, from + BATCH)} writable in the table, and in the hash map if asked. */
    void mapBatch(long from, boolean inHashMap) {
      for (long g = from; g < from + BATCH; g++) {
        table.map(g, 1, g + PFN_OFFSET, RW);
        if (inHashMap) {
          map.put(g, g + PFN_OFFSET);
        }
      }
    }
  }

  /** Before each map invocation: the thread's region is empty in both structures. */
  @State(Scope.Thread)
  public static class EmptyRegion extends PerThread {
    @Setup(Level.Invocation)
    public void empty() {
      table.release(table.zap(region, region + BATCH).deferredFree());
      for (long g = region; g < region + BATCH; g++) {
        map.remove(g);
      }
    }
  }

  /** Before each zap invocation: the thread's region is populated in both structures. */
  @State(Scope.Thread)
  public static class FullRegion extends PerThread {
    @Setup(Level.Invocation)
    public void fill() {
      mapBatch(region, true);
    }
  }

  /**
   * Before each write-protect invocation: every page of the thread's harvest window is writable again (a map
   * with write permission over a write-protected leaf upgrades it in place), so each call clears W on all of
   * them.
   */
  @State(Scope.Thread)
  public static class WritableWindow extends PerThread {
    @Setup(Level.Invocation)
    public void makeWritable() {
      mapBatch(window, false);
    }
  }

  @Benchmark
  public long walkTranslate(PerThread c) {
    return c.table.translate(c.randomGfns[c.next++ & (c.randomGfns.length - 1)], Spte.ACC_READ, 3);
  }

  @Benchmark
  public Long walkMapGet(PerThread c) {
    return c.map.get(c.randomGfns[c.next++ & (c.randomGfns.length - 1)]);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void mapTable(EmptyRegion c, Blackhole bh) {
    SharedPageTable t = c.table;
    for (long g = c.region; g < c.region + BATCH; g++) {
      MapResult r = t.map(g, 1, g + PFN_OFFSET, RW);
      if (r != MapResult.INSTALLED) {
        throw new IllegalStateException("map of a fresh gfn " + g + " returned " + r);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void mapHashPut(EmptyRegion c, Blackhole bh) {
    ConcurrentHashMap<Long, Long> m = c.map;
    for (long g = c.region; g < c.region + BATCH; g++) {
      bh.consume(m.put(g, g + PFN_OFFSET));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long zapTable(FullRegion c) {
    ZapResult z = c.table.zap(c.region, c.region + BATCH);
    c.table.release(z.deferredFree());
    if (z.pages4kUnmapped() != BATCH) {
      throw new IllegalStateException("zap found " + z.pages4kUnmapped() + " pages, region " + c.region);
    }
    return z.pages4kUnmapped();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void zapHashRemove(FullRegion c, Blackhole bh) {
    ConcurrentHashMap<Long, Long> m = c.map;
    for (long g = c.region; g < c.region + BATCH; g++) {
      bh.consume(m.remove(g));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long harvestTable(PerThread c) {
    long[] bitmap = new long[BATCH / 64];
    return c.table.harvestDirty(c.window, c.window + BATCH, bitmap, false);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long writeProtectTable(WritableWindow c) {
    long n = c.table.writeProtect(c.window, c.window + BATCH);
    if (n != BATCH) {
      throw new IllegalStateException("write-protect changed " + n + " leaves, window " + c.window);
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long harvestHashScan(PerThread c) {
    long[] bitmap = new long[BATCH / 64];
    ConcurrentHashMap<Long, Long> m = c.map;
    long n = 0;
    for (long g = c.window; g < c.window + BATCH; g++) {
      Long v = m.get(g);
      if (v != null && (v & DIRTY) != 0) {
        int i = (int) (g - c.window);
        bitmap[i >>> 6] |= 1L << i;
        n++;
      }
    }
    return n;
  }
}
