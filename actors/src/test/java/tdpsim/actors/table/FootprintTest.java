package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;
import static tdpsim.actors.table.Spte.ACC_READ;
import static tdpsim.actors.table.Spte.ACC_WRITE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exact table footprint against hand-computed page counts. */
@ExtendWith(TableInvariantsExtension.class)
class FootprintTest {
  private static final int RW = ACC_READ | ACC_WRITE;
  private static final long GIB = 1L << 18; // 4 KiB pages per GiB
  private static final long MIB2 = 512; // 4 KiB pages per 2 MiB

  private static SharedPageTable table(TableSettings settings) {
    return TableInvariantsExtension.track(new SharedPageTable(settings));
  }

  /** Maps [start, end) with leaves of {@code level}, pfn = gfn + 1 GiB (aligned at every size). */
  private static void populate(SharedPageTable t, long start, long end, int level) {
    long step = PageLevel.pages4k(Math.min(level, t.maxLeafLevel()));
    for (long gfn = start; gfn < end; gfn += step) {
      assertThat(t.map(gfn, level, gfn + GIB, RW)).isEqualTo(MapResult.INSTALLED);
    }
  }

  @Test
  void emptyTableIsTheRootAlone() {
    SharedPageTable t = table(TableSettings.defaults());
    assertThat(t.pages()).isEqualTo(1);
    assertThat(t.pagesByLevel()).containsExactly(0, 0, 0, 0, 1);
    assertThat(t.bytes()).isEqualTo(4096);
  }

  @Test
  void fourGibWith4kLeavesNeeds2054Pages() {
    SharedPageTable t = table(TableSettings.defaults());
    populate(t, 0, 4 * GIB, 1);
    // 1M leaves / 512 = 2048 L1 tables; 2048 / 512 = 4 L2 tables; one L3; the root
    assertThat(t.pagesByLevel()).containsExactly(0, 2048, 4, 1, 1);
    assertThat(t.pages()).isEqualTo(2054);
    assertThat(t.bytes()).isEqualTo(2054L * 4096);
  }

  @Test
  void fourGibWith2mLeavesNeedsSixPages() {
    SharedPageTable t = table(TableSettings.defaults());
    populate(t, 0, 4 * GIB, 2);
    // 2048 L2 leaves fill 4 L2 tables; one L3; the root
    assertThat(t.pagesByLevel()).containsExactly(0, 0, 4, 1, 1);
  }

  @Test
  void fourGibWith1gLeavesNeedsTwoPages() {
    SharedPageTable t = table(TableSettings.defaults());
    populate(t, 0, 4 * GIB, 3);
    // 4 L3 leaves in one L3 table, under the root
    assertThat(t.pagesByLevel()).containsExactly(0, 0, 0, 1, 1);
    assertThat(Walk.toLevel(t.lookup(3 * GIB + 5))).isEqualTo(3);
  }

  @Test
  void memslotStraddlingOneGibBoundary() {
    SharedPageTable t = table(TableSettings.defaults());
    // [1 GiB - 1 MiB, 1 GiB + 3 MiB): the 2 MiB blocks at 1G-2M (half), 1G, 1G+2M (half) -> 3 L1 tables;
    // the block below 1 GiB lives in GiB 0's L2 table, the others in GiB 1's -> 2 L2 tables; 1 L3; root
    populate(t, GIB - 256, GIB + 768, 1);
    assertThat(t.pagesByLevel()).containsExactly(0, 3, 2, 1, 1);
  }

  @Test
  void memslotStraddling512GibBoundary() {
    SharedPageTable t = table(TableSettings.defaults());
    long boundary = 512 * GIB; // one root entry covers 512 GiB
    // [512G - 2M, 512G + 2M) with 4 KiB leaves: 2 L1 tables, 2 L2 tables (one per GiB), 2 L3 tables (one per
    // 512 GiB root entry), root
    populate(t, boundary - MIB2, boundary + MIB2, 1);
    assertThat(t.pagesByLevel()).containsExactly(0, 2, 2, 2, 1);
    // the same slot again with 2 MiB leaves in a fresh table: 2 L2 tables, 2 L3 tables, root
    SharedPageTable huge = table(TableSettings.defaults());
    populate(huge, boundary - MIB2, boundary + MIB2, 2);
    assertThat(huge.pagesByLevel()).containsExactly(0, 0, 2, 2, 1);
  }

  @Test
  void fiveLevelTableAddsOnePageOnTop() {
    SharedPageTable t = table(TableSettings.defaults().withLevels(5));
    populate(t, 0, 4 * GIB, 1);
    // as the 4-level case plus one L4 table under the L5 root
    assertThat(t.pagesByLevel()).containsExactly(0, 2048, 4, 1, 1, 1);
    assertThat(t.pages()).isEqualTo(2055);
    // a gfn above 2^36 (256 TiB) needs its own L4, L3, L2 and L1 tables
    assertThat(t.map(1L << 36, 1, 7, RW)).isEqualTo(MapResult.INSTALLED);
    assertThat(t.pagesByLevel()).containsExactly(0, 2049, 5, 2, 2, 1);
  }

  @Test
  void maxLeafLevelTwoCapsOneGibRequest() {
    SharedPageTable t = table(TableSettings.defaults().withMaxLeafLevel(2));
    assertThat(t.map(5, 3, GIB + 5, RW)).isEqualTo(MapResult.INSTALLED);
    // a 2 MiB leaf at gfn 0 under one L2 table, one L3, root
    assertThat(Walk.toLevel(t.lookup(5))).isEqualTo(2);
    assertThat(Walk.isFault(t.lookup(MIB2))).isTrue();
    assertThat(t.pagesByLevel()).containsExactly(0, 0, 1, 1, 1);
    // stepping through 4 GiB with 1 GiB requests installs 2 MiB leaves: 4 L2 tables, one L3, root
    populate(t, MIB2, 4 * GIB, 3);
    assertThat(t.pagesByLevel()).containsExactly(0, 0, 4, 1, 1);
  }

  @Test
  void zapEverythingLeavesRootAndPendsUntilRelease() {
    SharedPageTable t = table(TableSettings.defaults());
    populate(t, 0, 4 * GIB, 1);
    ZapResult z = t.zap(0, Long.MAX_VALUE);
    assertThat(t.pages()).isEqualTo(1);
    assertThat(z.tablePagesUnlinked()).isEqualTo(2053);
    assertThat(z.leafsZapped(1)).isEqualTo(4 * GIB);
    assertThat(z.pages4kUnmapped()).isEqualTo(4 * GIB);
    assertThat(t.pendingFreePages()).isEqualTo(2053);
    t.release(z.deferredFree());
    assertThat(t.pendingFreePages()).isZero();
    // the pool recycles: populating again allocates no new frames
    int limit = t.pool().frameLimit();
    populate(t, 0, 4 * GIB, 1);
    assertThat(t.pool().frameLimit()).isEqualTo(limit);
    assertThat(t.pages()).isEqualTo(2054);
  }

  @Test
  void partialZapKeepsTablesThatStickOut() {
    SharedPageTable t = table(TableSettings.defaults());
    populate(t, 0, GIB, 1);
    // zap [1M, 5M): the 2 MiB block at 2M is wholly inside -> its L1 table goes; blocks 0 and 4M stay
    ZapResult z = t.zap(256, 1280);
    assertThat(z.tablePagesUnlinked()).isEqualTo(1);
    assertThat(z.leafsZapped(1)).isEqualTo(1024);
    assertThat(t.pagesByLevel()).containsExactly(0, 511, 1, 1, 1);
    t.release(z.deferredFree());
  }
}
