package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a seeded random sequence of operations on one region of a {@link SharedPageTable} and, when given a
 * {@link ReferenceTable}, compares every result with the model. Failure messages carry the seed and the step.
 */
final class OperationDriver {
  static final long GIB = 1L << 18;
  static final long[] PFN_OFFSETS = {4 * GIB * 4, 4 * GIB * 8};
  private static final int RW = Spte.ACC_READ | Spte.ACC_WRITE;

  private final SharedPageTable table;
  private final ReferenceTable model;
  private final SplittableRandom rng;
  private final long seed;
  private final long base;
  private final long size;
  private final boolean releaseAtOnce;
  final List<DeferredFree> held = new ArrayList<>();
  /** This driver's walker hints: half the translations start from them, and must give the same results. */
  private final WalkHints hints = new WalkHints();
  long step;
  String lastOp = "";
  /** Outcome tally, so a test can insist its sequence exercised the interesting paths. */
  final java.util.Map<String, Integer> tally = new java.util.TreeMap<>();

  private void count(String outcome) {
    tally.merge(outcome, 1, Integer::sum);
  }

  /**
   * @param model null for overlapping-range runs, where only consistency is checked
   * @param releaseAtOnce release deferred frees immediately (only when no other thread walks the table)
   */
  OperationDriver(SharedPageTable table, ReferenceTable model, long seed, long base, long size,
      boolean releaseAtOnce) {
    this.table = table;
    this.model = model;
    this.rng = new SplittableRandom(seed);
    this.seed = seed;
    this.base = base;
    this.size = size;
    this.releaseAtOnce = releaseAtOnce;
  }

  void run(int steps) {
    for (int n = 0; n < steps; n++, step++) {
      one();
      if (model != null && step % 256 == 0) {
        comparePointsAndFootprint(64, false);
      }
    }
  }

  private String where() {
    return "seed=" + seed + " step=" + step + " op=" + lastOp;
  }

  private long gfn() {
    if (rng.nextInt(4) == 0) {
      // a hot 4 MiB window so that operations collide often
      return base + rng.nextLong(1024);
    }
    return base + rng.nextLong(size);
  }

  private long pfnFor(long gfn) {
    return gfn + PFN_OFFSETS[model != null && rng.nextInt(10) == 0 ? 1 : 0];
  }

  private int level() {
    int x = rng.nextInt(10);
    return x < 6 ? 1 : x < 9 ? 2 : 3;
  }

  private long end(long start) {
    int x = rng.nextInt(4);
    long len = x == 0 ? 1 + rng.nextLong(64) : x == 1 ? 512 : x == 2 ? 1 + rng.nextLong(4096) : 1 + rng.nextLong(size);
    return Math.min(start + len, base + size);
  }

  private void one() {
    int op = rng.nextInt(100);
    if (op < 33) {
      long g = gfn();
      int level = level();
      long pfn = pfnFor(g);
      int perms = rng.nextBoolean() ? RW : Spte.ACC_READ | (rng.nextBoolean() ? Spte.ACC_EXEC : 0);
      lastOp = "map(" + g + ", " + level + ", " + pfn + ", " + perms + ")";
      MapResult r = table.map(g, level, pfn, perms);
      count("map " + r);
      if (model != null) {
        assertThat(r).as(where()).isEqualTo(model.map(g, level, pfn, perms));
      }
    } else if (op < 37) {
      long block = gfn() & -512L;
      lastOp = "populate2m(" + block + ")";
      for (long g = block; g < block + 512; g++) {
        MapResult r = table.map(g, 1, g + PFN_OFFSETS[0], RW);
        if (model != null) {
          assertThat(r).as(where() + " gfn " + g).isEqualTo(model.map(g, 1, g + PFN_OFFSETS[0], RW));
        }
      }
    } else if (op < 57) {
      long g = gfn();
      int access = 1 << rng.nextInt(3);
      int walkerMax = rng.nextBoolean() ? 3 : 2;
      boolean hinted = rng.nextBoolean();
      lastOp = "translate(" + g + ", " + access + ", " + walkerMax + (hinted ? ", hints" : "") + ")";
      if (hinted && hints.page(g >>> 9, table.unlinkSeq()) != null) {
        count("translate from a hint");
      }
      long r = hinted ? table.translate(g, access, walkerMax, hints) : table.translate(g, access, walkerMax);
      count("translate " + (Walk.isFault(r) ? Walk.describe(r) : "ok"));
      if (model != null) {
        assertThat(Walk.describe(r)).as(where()).isEqualTo(Walk.describe(model.translate(g, access, walkerMax)));
      } else if (!Walk.isFault(r)) {
        assertThat(Walk.toPfn(r)).as(where()).isEqualTo(g + PFN_OFFSETS[0]);
      }
    } else if (op < 63) {
      long s = gfn();
      long e = end(s);
      lastOp = "zap(" + s + ", " + e + ")";
      ZapResult z = table.zap(s, e);
      count(z.tablePagesUnlinked() > 0 ? "zap unlinked tables" : "zap leaves only");
      if (z.zappedBeyondRange()) {
        count("zap partial huge");
      }
      if (model != null) {
        long[] m = model.zap(s, e);
        assertThat(new long[] {z.leafsZapped(1), z.leafsZapped(2), z.leafsZapped(3), z.pages4kUnmapped(),
            z.tablePagesUnlinked(), z.hugeLeafsPartlyCovered()})
            .as(where() + " [L1, L2, L3, pages, tables, partial]")
            .containsExactly(m[0], m[1], m[2], m[3], m[4], m[5]);
        boolean flush = m[6] < m[7];
        assertThat(z.flushNeeded()).as(where()).isEqualTo(flush);
        if (flush) {
          assertThat(new long[] {z.flushStartGfn(), z.flushEndGfn()}).as(where()).containsExactly(m[6], m[7]);
        }
      }
      dispose(z.deferredFree());
    } else if (op < 71) {
      long g = gfn();
      int level = 2 + rng.nextInt(2);
      lastOp = "split(" + g + ", " + level + ")";
      SplitResult r = table.splitHugePage(g, level);
      count("split " + r.split());
      if (model != null) {
        assertThat(r.split()).as(where()).isEqualTo(model.split(g, level));
      }
    } else if (op < 78) {
      long g = gfn();
      int level = rng.nextInt(4) == 0 ? 3 : 2;
      long newPfn = rng.nextInt(3) == 0 ? (g & -PageLevel.pages4k(level)) + PFN_OFFSETS[0] : -1;
      lastOp = "collapse(" + g + ", " + level + ", " + newPfn + ")";
      CollapseResult c = table.collapse(g, level, newPfn, RW);
      count("collapse status " + c.status() + (newPfn < 0 ? " in place" : " new pfn"));
      if (model != null) {
        long[] m = model.collapse(g, level, newPfn, RW);
        assertThat(new long[] {c.status(), c.leafsReplaced(), c.tablePagesUnlinked()})
            .as(where() + " [status, leafs, tables]").containsExactly(m);
      }
      if (c.collapsed()) {
        dispose(c.deferredFree());
      }
    } else if (op < 85) {
      long s = gfn();
      long e = end(s);
      lastOp = "writeProtect(" + s + ", " + e + ")";
      long n = table.writeProtect(s, e);
      count(n > 0 ? "writeProtect changed" : "writeProtect none");
      if (model != null) {
        assertThat(n).as(where()).isEqualTo(model.writeProtect(s, e));
      }
    } else if (op < 95) {
      long s = gfn();
      long e = Math.min(s + 1 + rng.nextLong(2048), base + size);
      boolean clear = rng.nextBoolean();
      boolean dirty = rng.nextInt(3) != 0;
      lastOp = "harvest(" + s + ", " + e + ", clear=" + clear + ", dirty=" + dirty + ")";
      long[] bitmap = new long[(int) ((e - s + 63) >>> 6)];
      long n = dirty ? table.harvestDirty(s, e, bitmap, clear) : table.harvestAccessed(s, e, bitmap, clear);
      count(n > 0 ? "harvest found" : "harvest none");
      if (model != null) {
        long[] expected = new long[bitmap.length];
        assertThat(n).as(where()).isEqualTo(model.harvest(s, e, expected, clear, dirty));
        assertThat(bitmap).as(where()).containsExactly(expected);
      }
    } else {
      long g = gfn();
      lastOp = "lookup(" + g + ")";
      long r = table.lookup(g);
      if (model != null) {
        assertThat(Walk.describe(r)).as(where()).isEqualTo(Walk.describe(model.lookup(g)));
      }
    }
  }

  private void dispose(DeferredFree d) {
    if (releaseAtOnce) {
      table.release(d);
    } else {
      held.add(d);
    }
  }

  void releaseHeld() {
    for (DeferredFree d : held) {
      table.release(d);
    }
    held.clear();
  }

  /** Compares random points (and every model leaf if {@code full}) and, for a sole driver, the footprint. */
  void comparePointsAndFootprint(int points, boolean full) {
    lastOp = "compare";
    for (int i = 0; i < points; i++) {
      long g = base + rng.nextLong(size);
      assertThat(Walk.describe(table.lookup(g))).as(where() + " lookup " + g)
          .isEqualTo(Walk.describe(model.lookup(g)));
    }
    if (full) {
      for (var e : model.leaves.entrySet()) {
        long g = e.getKey() + rng.nextLong(e.getValue().span());
        assertThat(Walk.describe(table.lookup(g))).as(where() + " lookup " + g)
            .isEqualTo(Walk.describe(model.lookup(g)));
        long spte = table.leafSpte(g);
        assertThat(new boolean[] {Spte.isAccessed(spte), Spte.isDirty(spte)}).as(where() + " A/D of " + g)
            .containsExactly(e.getValue().accessed, e.getValue().dirty);
        assertThat(Spte.perms(spte)).as(where() + " perms of " + g).isEqualTo(e.getValue().perms);
      }
    }
  }
}
