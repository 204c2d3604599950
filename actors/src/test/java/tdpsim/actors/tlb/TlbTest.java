package tdpsim.actors.tlb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TlbTest {
  @Test
  void hugeLeafHitGivesThePfnOfTheFourKibPageInside() {
    Tlb tlb = new Tlb(64);
    tlb.insert(0x200 + 7, 2, 0x10000 + 7, true);
    assertThat(tlb.lookup(0x200, false)).isEqualTo(0x10000);
    assertThat(tlb.lookup(0x200 + 511, true)).isEqualTo(0x10000 + 511);
    assertThat(tlb.lookup(0x400, false)).isEqualTo(-1);
  }

  @Test
  void writeMissesOnAnEntryCachedByARead() {
    Tlb tlb = new Tlb(64);
    tlb.insert(5, 1, 99, false);
    assertThat(tlb.lookup(5, false)).isEqualTo(99);
    assertThat(tlb.lookup(5, true)).isEqualTo(-1);
    tlb.insert(5, 1, 99, true);
    assertThat(tlb.lookup(5, true)).isEqualTo(99);
  }

  @Test
  void flushRangeDropsOnlyOverlappingEntries() {
    Tlb tlb = new Tlb(64);
    tlb.insert(1, 1, 101, false);
    tlb.insert(2, 1, 102, false);
    tlb.insert(0x200, 2, 0x800, false);
    assertThat(tlb.flushRange(2, 3)).isEqualTo(1);
    assertThat(tlb.lookup(1, false)).isEqualTo(101);
    assertThat(tlb.lookup(2, false)).isEqualTo(-1);
    assertThat(tlb.flushRange(0x3ff, 0x400)).isEqualTo(1);
    assertThat(tlb.lookup(0x200, false)).isEqualTo(-1);
  }

  @Test
  void capacityIsBoundedAndFlushAllEmptiesIt() {
    Tlb tlb = new Tlb(16);
    for (int g = 0; g < 1000; g++) {
      tlb.insert(g, 1, g + 1000, false);
    }
    int hits = 0;
    for (int g = 0; g < 1000; g++) {
      if (tlb.lookup(g, false) >= 0) {
        hits++;
      }
    }
    assertThat(hits).isLessThanOrEqualTo(tlb.capacity());
    assertThat(tlb.flushAll()).isEqualTo(hits);
    assertThat(tlb.lookup(999, false)).isEqualTo(-1);
  }

  /** A flush wider than the cache drops the whole context; a narrow one only its range. */
  @Test
  void flushByRangeOrWholeContext() {
    Tlb tlb = new Tlb(64);
    tlb.insert(10, 1, 1000, false);
    tlb.insert(5000, 1, 2000, false);
    assertThat(tlb.flush(10, 11)).isEqualTo(1);
    assertThat(tlb.lookup(5000, false)).isEqualTo(2000);
    tlb.insert(10, 1, 1000, false);
    assertThat(tlb.flush(0, 65)).as("65 pages > 64 entries: everything").isEqualTo(2);
    assertThat(tlb.lookup(5000, false)).isEqualTo(-1);
  }

  @Test
  void bytesForMatchesWhatATlbHolds() {
    // 1,536 entries are 384 sets of 4: 1,536 entries of 16 bytes.
    assertThat(Tlb.bytesFor(1536)).isEqualTo(24_576);
    for (int entries : new int[] {1, 4, 5, 64, 100, 1536, 2048, 4097}) {
      assertThat(Tlb.bytesFor(entries)).as("%d entries", entries).isEqualTo(16L * new Tlb(entries).capacity());
    }
  }

  /**
   * A TLB holds the entries it is configured with, not the next power of two: the default 1,536 (Skylake's
   * STLB) was built as 2,048 until the set index could be any count. Every one of its 384 sets is used, and
   * random keys spread over them as a fair draw would (1,000 each, sd 32).
   */
  @Test
  void aTlbOf1536EntriesHas384SetsAndUsesEachOfThem() {
    Tlb tlb = new Tlb(1536);
    assertThat(tlb.capacity()).isEqualTo(1536);
    assertThat(new Tlb(1000).capacity()).isEqualTo(1000);
    assertThat(new Tlb(1001).capacity()).isEqualTo(1004);
    int[] perSet = new int[384];
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    int keys = 384_000;
    for (int i = 0; i < keys; i++) {
      int set = tlb.set(TlbKeys.key(r.nextLong(1L << 36), 1 + r.nextInt(3)), 0);
      assertThat(set).isBetween(0, 383);
      perSet[set]++;
    }
    for (int set = 0; set < 384; set++) {
      assertThat(perSet[set]).as("keys in set %d", set).isBetween(850, 1150);
    }
  }
}
