package tdpsim.actors.fault;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.TableSettings;

/**
 * The per-fault path of {@link TdpFaultHandler} on a gfn that is already mapped (a spurious fault, as when two
 * vCPUs fault on one page): memslot lookup, the invalidation check, the table's map returning "already present"
 * and the result's outcome. No frame is allocated, so every invocation does the same work; it is the path whose
 * result codes issue 20 turned into enums. One operation is one fault.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
@State(Scope.Thread)
public class FaultPathBenchmark {
  /** 1 GiB of guest memory in 4 KiB pages, mapped with 4 KiB leaves. */
  static final int PAGES = 1 << 18;

  TdpFaultHandler handler;
  FaultResult out;
  long[] gfns;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, PAGES, 1)));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable table = new SharedPageTable(TableSettings.defaults());
    handler = new TdpFaultHandler(table, layout, frames, new InvalidationTracker(), CostModel.defaults());
    out = new FaultResult();
    for (long g = 0; g < PAGES; g++) {
      handler.handle(g, Spte.ACC_READ | Spte.ACC_WRITE, out);
    }
    SplittableRandom rng = new SplittableRandom(42);
    gfns = new long[1 << 16];
    for (int i = 0; i < gfns.length; i++) {
      gfns[i] = rng.nextLong(PAGES);
    }
  }

  @Benchmark
  public void spuriousFault(Blackhole bh) {
    handler.handle(gfns[next++ & (gfns.length - 1)], Spte.ACC_READ, out);
    bh.consume(out.outcome);
    bh.consume(out.installed);
  }
}
