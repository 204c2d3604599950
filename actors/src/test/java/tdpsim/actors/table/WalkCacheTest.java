package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WalkCacheTest {
  private static final int RW = Spte.ACC_READ | Spte.ACC_WRITE;

  @Test
  void holdsOneEntryPerGuestBlockUpToThirtyTwo() {
    assertThat(new WalkCache(1).capacity()).isEqualTo(1);
    assertThat(new WalkCache(3).capacity()).isEqualTo(4);
    assertThat(new WalkCache(32).capacity()).isEqualTo(32);
    assertThat(new WalkCache(1 << 20).capacity()).isEqualTo(32);
  }

  @Test
  void aWalkThroughTheCacheGivesWhatAFullWalkGivesAndSetsTheSameBits() {
    SharedPageTable t = new SharedPageTable(TableSettings.defaults());
    WalkCache cache = new WalkCache(1 << 20);
    t.map(0x205, 1, 0x9205, RW);
    t.map(0x206, 1, 0x9206, Spte.ACC_READ);
    long first = t.translate(0x205, Spte.ACC_READ, 3, cache);
    assertThat(Walk.toPfn(first)).isEqualTo(0x9205);
    assertThat(cache.blocks[1]).as("the block of gfn 0x205 is cached").isEqualTo(1);
    // from the cached level-1 page: a write sets D, a missing entry and a read-only one fault as in a full walk
    assertThat(Walk.toPfn(t.translate(0x205, Spte.ACC_WRITE, 3, cache))).isEqualTo(0x9205);
    assertThat(t.leafSpte(0x205) & Spte.DIRTY).isNotZero();
    assertThat(t.translate(0x207, Spte.ACC_READ, 3, cache)).isEqualTo(Walk.NOT_PRESENT);
    assertThat(t.translate(0x206, Spte.ACC_WRITE, 3, cache)).isEqualTo(Walk.PERMISSION);
    assertThat(t.translate(0x206, Spte.ACC_WRITE, 3)).isEqualTo(Walk.PERMISSION);
  }

  /**
   * Zap the block (its level-1 page is unlinked and, once released, reused as the table of the next block): a
   * cache that kept the page would read block 2's entry at the same index and translate gfn 0x205 to 0x7405.
   */
  @Test
  void anUnlinkedPageIsNeverWalkedThroughTheCache() {
    SharedPageTable t = new SharedPageTable(TableSettings.defaults());
    WalkCache cache = new WalkCache(1 << 20);
    t.map(0x205, 1, 0x9205, RW);
    assertThat(Walk.toPfn(t.translate(0x205, Spte.ACC_READ, 3, cache))).isEqualTo(0x9205);
    long[] cachedPage = cache.pages[1];
    ZapResult z = t.zap(0x200, 0x400);
    assertThat(z.tablePagesUnlinked()).isEqualTo(1);
    t.release(z.deferredFree());
    t.map(0x405, 1, 0x7405, RW);
    assertThat(cachedPage[5]).as("the freed page now serves gfn 0x405").isNotZero();
    assertThat(t.translate(0x205, Spte.ACC_READ, 3, cache)).isEqualTo(Walk.NOT_PRESENT);
    assertThat(Walk.toPfn(t.translate(0x405, Spte.ACC_READ, 3, cache))).isEqualTo(0x7405);
  }

  @Test
  void aCollapsedBlockIsWalkedToItsHugeLeaf() {
    SharedPageTable t = new SharedPageTable(TableSettings.defaults());
    WalkCache cache = new WalkCache(1 << 20);
    for (long g = 0x200; g < 0x400; g++) {
      t.map(g, 1, 0x40000 + g - 0x200, RW);
    }
    assertThat(Walk.toLevel(t.translate(0x205, Spte.ACC_READ, 3, cache))).isEqualTo(1);
    CollapseResult c = t.collapse(0x200, 2, -1, RW);
    assertThat(c.collapsed()).isTrue();
    long r = t.translate(0x205, Spte.ACC_READ, 3, cache);
    assertThat(Walk.toLevel(r)).isEqualTo(2);
    assertThat(Walk.toPfn(r)).isEqualTo(0x40005);
  }
}
