package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;
import static tdpsim.actors.table.OperationDriver.GIB;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random map/zap/split/collapse/write-protect/harvest/translate sequences checked against {@link
 * ReferenceTable}: op by op on one thread, op by op per thread on disjoint 1 GiB regions, and for consistency
 * only on one overlapping region. The seed is in every assertion message.
 */
@ExtendWith(TableInvariantsExtension.class)
class RandomizedOperationsTest {

  @ParameterizedTest(name = "seed={0} levels={1} maxLeaf={2}")
  @CsvSource({"1, 4, 3", "2, 4, 3", "3, 4, 2", "4, 5, 3", "5, 4, 1", "6, 5, 2", "7, 4, 3", "8, 4, 3"})
  void singleThreadedSequenceMatchesModelOpByOp(long seed, int levels, int maxLeaf) {
    TableSettings settings = new TableSettings(levels, maxLeaf, 16, 9);
    SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(settings));
    ReferenceTable model = new ReferenceTable(levels, maxLeaf);
    OperationDriver driver = new OperationDriver(t, model, seed, 0, 2 * GIB, true);
    driver.run(2500);
    if (maxLeaf >= 2) {
      assertThat(driver.tally).as("paths exercised, seed=" + seed)
          .containsKeys("split true", "collapse status 0 in place", "collapse status 0 new pfn", "map CONFLICT",
              "map UPGRADED", "zap unlinked tables", "zap partial huge", "harvest found", "translate PERMISSION",
              "translate from a hint");
    }
    driver.comparePointsAndFootprint(2000, true);
    assertThat(t.pagesByLevel()).as("footprint, seed=" + seed).containsExactly(model.pagesByLevel());
    TableInvariants.check(t);
    zapAllAndExpectRootAlone(t, seed);
  }

  @ParameterizedTest(name = "seed={0} threads={1}")
  @CsvSource({"11, 2", "12, 3", "13, 4"})
  void disjointRegionsFromSeveralThreadsMatchTheirModels(long seed, int threads) throws Exception {
    SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(new TableSettings(4, 3, 8, 9)));
    List<ReferenceTable> models = new ArrayList<>();
    List<OperationDriver> drivers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      ReferenceTable m = new ReferenceTable(4, 3);
      models.add(m);
      // regions one GiB apart: they share only the root and the L3 page
      drivers.add(new OperationDriver(t, m, seed * 100 + i, (i + 1) * GIB, GIB, false));
    }
    runAll(drivers, 2000);
    long[] union = new long[5];
    for (int l = 1; l <= 4; l++) {
      java.util.Set<Long> pages = new java.util.HashSet<>();
      for (ReferenceTable m : models) {
        pages.addAll(m.tables.get(l));
      }
      union[l] = pages.size();
    }
    for (OperationDriver d : drivers) {
      d.comparePointsAndFootprint(1000, true);
      d.releaseHeld();
    }
    assertThat(t.pagesByLevel()).as("footprint, seed=" + seed).containsExactly(union);
    TableInvariants.check(t);
    zapAllAndExpectRootAlone(t, seed);
  }

  @ParameterizedTest(name = "seed={0} threads={1}")
  @CsvSource({"21, 2", "22, 4"})
  void overlappingRangesStayConsistent(long seed, int threads) throws Exception {
    SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(new TableSettings(4, 3, 8, 9)));
    List<OperationDriver> drivers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      // one pfn per gfn for everyone, so any interleaving must translate gfn to gfn + offset or fault
      drivers.add(new OperationDriver(t, null, seed * 100 + i, 0, 8192, false));
    }
    runAll(drivers, 4000);
    for (long g = 0; g < 8192; g++) {
      long r = t.lookup(g);
      if (!Walk.isFault(r)) {
        assertThat(Walk.toPfn(r)).as("seed=" + seed + " gfn " + g).isEqualTo(g + OperationDriver.PFN_OFFSETS[0]);
      } else {
        assertThat(r).as("seed=" + seed + " gfn " + g).isEqualTo(Walk.NOT_PRESENT);
      }
    }
    TableInvariants.check(t);
    for (OperationDriver d : drivers) {
      d.releaseHeld();
    }
    zapAllAndExpectRootAlone(t, seed);
  }

  private static void runAll(List<OperationDriver> drivers, int steps) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(drivers.size());
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (OperationDriver d : drivers) {
        Callable<Void> task = () -> {
          d.run(steps);
          return null;
        };
        futures.add(pool.submit(task));
      }
      for (Future<Void> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void zapAllAndExpectRootAlone(SharedPageTable t, long seed) {
    ZapResult z = t.zap(0, t.settings().gfnLimit());
    assertThat(t.pages()).as("seed=" + seed).isEqualTo(1);
    assertThat(t.pendingFreePages()).as("seed=" + seed).isEqualTo(z.tablePagesUnlinked());
    t.release(z.deferredFree());
    assertThat(t.pendingFreePages()).as("seed=" + seed).isZero();
  }
}
