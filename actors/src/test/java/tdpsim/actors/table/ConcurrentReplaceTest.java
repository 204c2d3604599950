package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;
import static tdpsim.actors.table.Spte.ACC_READ;
import static tdpsim.actors.table.Spte.ACC_WRITE;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Walkers against concurrent replacement, in the spirit of outcome-listed concurrency tests: while a huge
 * page is split and collapsed over and over, the only acceptable walk outcomes are "the right pfn" and
 * "frozen, retry"; never "not present", never a wrong pfn, and no write's dirty bit may be lost. The test also
 * proves the walkers overlapped a collapse (they saw a frozen entry): on a busy machine the walker threads may
 * get no CPU during the planned rounds, so the replacement goes on, yielding, until they have (or a deadline).
 */
@ExtendWith(TableInvariantsExtension.class)
class ConcurrentReplaceTest {
  private static final int RW = ACC_READ | ACC_WRITE;
  private static final long GIB = 1L << 18;
  private static final long PFN_OFFSET = 16 * GIB;
  /** How long the replacement may go on past its planned rounds waiting for a walker to meet a frozen entry. */
  private static final long OVERLAP_DEADLINE_NS = 60_000_000_000L;

  @Test
  void walkerNeverSeesHoleWhile2mLeavesAreSplitAndCollapsed() throws Exception {
    replaceUnderWalkers(2, 1024, 20_000);
  }

  @Test
  void walkerNeverSeesHoleWhile1gLeafIsSplitAndCollapsed() throws Exception {
    replaceUnderWalkers(3, GIB, 1_000);
  }

  private void replaceUnderWalkers(int level, long pages, int rounds) throws Exception {
    SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults()));
    long span = PageLevel.pages4k(level);
    for (long g = 0; g < pages; g += span) {
      assertThat(t.map(g, level, g + PFN_OFFSET, RW)).isEqualTo(MapResult.INSTALLED);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    AtomicLong walks = new AtomicLong();
    AtomicLong frozenSeen = new AtomicLong();
    AtomicLong progress = new AtomicLong();
    List<BitSet> written = new ArrayList<>();
    List<Thread> walkers = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(2);
    for (int w = 0; w < 2; w++) {
      BitSet mine = new BitSet();
      written.add(mine);
      long seed = 1000 + w;
      Thread walker = new Thread(() -> {
        SplittableRandom rng = new SplittableRandom(seed);
        started.countDown();
        long n = 0;
        boolean counted = false;
        while (!stop.get() && failure.get() == null) {
          long g = rng.nextLong(pages);
          int access = rng.nextInt(8) == 0 ? ACC_WRITE : ACC_READ;
          long r;
          while ((r = t.translate(g, access, 3)) == Walk.FROZEN) {
            frozenSeen.incrementAndGet();
            Thread.onSpinWait();
          }
          n++;
          if (!counted) {
            counted = true;
            progress.incrementAndGet();
          }
          if (Walk.isFault(r) || Walk.toPfn(r) != g + PFN_OFFSET) {
            failure.set("walker seed " + seed + " gfn " + g + " got " + Walk.describe(r));
          } else if (access == ACC_WRITE) {
            mine.set((int) g);
          }
        }
        walks.addAndGet(n);
      });
      walkers.add(walker);
      walker.start();
    }
    started.await();
    // both walkers are walking (not just started) before the first replacement
    while (progress.get() < 2 && failure.get() == null && allAlive(walkers)) {
      Thread.onSpinWait();
    }
    List<DeferredFree> held = new ArrayList<>();
    long splits = 0;
    long deadline = System.nanoTime() + OVERLAP_DEADLINE_NS;
    int round = 0;
    for (; (round < rounds || frozenSeen.get() == 0) && failure.get() == null; round++) {
      if (round >= rounds) {
        // past the plan with no overlap seen yet: give the walkers the CPU, within the deadline
        assertThat(System.nanoTime()).as("no walker met a frozen entry within the deadline").isLessThan(deadline);
        Thread.yield();
      }
      long g = ((long) round * span) % pages;
      if (t.splitHugePage(g, level).split()) {
        splits++;
      }
      CollapseResult c = t.collapse(g, level, -1, RW);
      assertThat(c.collapsed()).as("round " + round).isTrue();
      // walkers may still be inside the old table: no release until they stop (the grace period)
      held.add(c.deferredFree());
    }
    stop.set(true);
    for (Thread w : walkers) {
      w.join();
    }
    assertThat(failure.get()).isNull();
    assertThat(splits).isEqualTo(round);
    assertThat(walks.get()).isPositive();
    assertThat(frozenSeen.get()).as("walks that met a collapse's frozen entry").isPositive();
    assertThat(t.pendingFreePages()).isEqualTo(round);
    for (DeferredFree d : held) {
      t.release(d);
    }
    long[] bitmap = new long[(int) (pages / 64)];
    t.harvestDirty(0, pages, bitmap, false);
    BitSet dirty = BitSet.valueOf(bitmap);
    for (BitSet mine : written) {
      BitSet lost = (BitSet) mine.clone();
      lost.andNot(dirty);
      assertThat(lost.isEmpty()).as("writes whose dirty bit was lost: " + lost).isTrue();
    }
    assertThat(t.pagesByLevel()[level - 1]).isZero();
  }

  private static boolean allAlive(List<Thread> walkers) {
    for (Thread w : walkers) {
      if (!w.isAlive()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void freedTablePagesAreNotReusedBeforeRelease() throws Exception {
    PagePool pool = new PagePool();
    SharedPageTable a = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults(), pool));
    SharedPageTable b = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults(), pool));
    populate(a, 0, 64 * 512);
    ZapResult z = a.zap(0, GIB);
    int[] heldFrames = z.deferredFree().frames().clone();
    assertThat(heldFrames).hasSize(64 + 1);
    // allocate heavily from two threads into both tables
    Thread other = new Thread(() -> populate(b, 0, GIB));
    other.start();
    populate(a, 2 * GIB, 2 * GIB + 256 * 512);
    other.join();
    BitSet reachable = new BitSet();
    collect(a, reachable);
    collect(b, reachable);
    BitSet free = pool.freeFrames();
    for (int f : heldFrames) {
      assertThat(reachable.get(f)).as("held frame " + f + " reused").isFalse();
      assertThat(free.get(f)).as("held frame " + f + " back in the pool").isFalse();
      assertThat(pool.page(f)).as("held frame " + f + " written").containsOnly(0L);
    }
    a.release(z.deferredFree());
    BitSet freeAfter = pool.freeFrames();
    for (int f : heldFrames) {
      assertThat(freeAfter.get(f)).as("frame " + f + " free after release").isTrue();
    }
    // the released frames are used again before any fresh ones
    int limit = pool.frameLimit();
    populate(a, 4 * GIB, 4 * GIB + 60 * 512);
    assertThat(pool.frameLimit()).isEqualTo(limit);
  }

  @Test
  void racingFaultsOnSameRangeLinkEachTablePageOnce() throws Exception {
    SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(new TableSettings(4, 3, 4, 9)));
    long pages = 32 * 512;
    AtomicLong installed = new AtomicLong();
    ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long seed = i;
      Thread th = new Thread(() -> {
        SplittableRandom rng = new SplittableRandom(seed);
        long start = rng.nextLong(pages);
        for (long k = 0; k < pages; k++) {
          long g = (start + k) % pages;
          MapResult r = t.map(g, 1, g + PFN_OFFSET, RW);
          if (r == MapResult.INSTALLED) {
            installed.incrementAndGet();
          } else if (r != MapResult.ALREADY_PRESENT) {
            bad.add("gfn " + g + ": " + r);
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(bad).isEmpty();
    assertThat(installed.get()).isEqualTo(pages);
    assertThat(t.pagesByLevel()).containsExactly(0, 32, 1, 1, 1);
  }

  /**
   * Write-protect racing splits of the huge leaves it protects, and writes and harvests changing their D bits: a
   * huge leaf is protected whole (one leaf changed) or, once split, as its 512 children, including when the split
   * or a D update lands between the walk's read and its CAS (the walk must then look at the new value, and walk
   * into the new table). Whatever the interleaving, the count is 1 or 512 per huge leaf and no page is left
   * writable. A second thread splits, writes and harvests without pause while the rounds run. With the retry
   * after a failed CAS replaced by a plain {@code break}, 4 runs of 5 failed (3 of 3 at these 5,000 rounds).
   */
  @Test
  void writeProtectRacingSplitsAndWritesLeavesNothingWritable() throws Exception {
    SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults()));
    int huge = 8;
    long span = PageLevel.pages4k(2);
    long end = huge * span;
    AtomicBoolean stop = new AtomicBoolean();
    Thread racer = new Thread(() -> {
      SplittableRandom rng = new SplittableRandom(7);
      long[] bitmap = new long[(int) (end / 64)];
      while (!stop.get()) {
        long g = rng.nextLong(end);
        switch (rng.nextInt(3)) {
          case 0 -> t.splitHugePage(g, 2);
          case 1 -> t.translate(g, ACC_WRITE, 3);
          default -> t.harvestDirty(g & -span, (g & -span) + span, bitmap, true);
        }
      }
    });
    racer.start();
    long splitFirst = 0;
    try {
      for (int round = 0; round < 5_000; round++) {
        t.release(t.zap(0, end).deferredFree());
        for (long g = 0; g < end; g += span) {
          assertThat(t.map(g, 2, g + PFN_OFFSET, RW)).isEqualTo(MapResult.INSTALLED);
        }
        long n = t.writeProtect(0, end);
        long split = (n - huge) / (span - 1);
        assertThat((n - huge) % (span - 1)).as("round " + round + ": " + n + " leaves changed").isZero();
        assertThat(split).as("round " + round + ": huge leaves split first").isBetween(0L, (long) huge);
        splitFirst += split;
        for (long g = 0; g < end; g++) {
          assertThat(Spte.isWritable(t.leafSpte(g))).as("round " + round + ", gfn " + g + " writable").isFalse();
        }
      }
    } finally {
      stop.set(true);
      racer.join();
    }
    assertThat(splitFirst).as("huge leaves split before write-protect reached them").isPositive();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void populate(SharedPageTable t, long start, long end) {
    for (long g = start; g < end; g++) {
      t.map(g, 1, g + PFN_OFFSET, RW);
    }
  }

  private static void collect(SharedPageTable t, BitSet frames) {
    collect(t, t.rootFrame(), t.levels(), frames);
  }

  private static void collect(SharedPageTable t, int frame, int level, BitSet frames) {
    frames.set(frame);
    for (int i = 0; i < 512; i++) {
      long spte = t.entry(frame, i);
      if (Spte.isShadowPresent(spte) && !Spte.isLeaf(spte, level)) {
        collect(t, (int) Spte.toPfn(spte), level - 1, frames);
      }
    }
  }
}
