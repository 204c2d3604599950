package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The range walker on a small 4-level table: a 2 MiB leaf at gfn 0 and 4 KiB leaves at gfns 512..1023 (one
 * level-1 page). Visits are written "level@gfn"; every expected sequence can be followed by hand.
 */
@ExtendWith(TableInvariantsExtension.class)
class TdpIteratorTest {
  private static final int RW = Spte.ACC_READ | Spte.ACC_WRITE;
  private SharedPageTable t;

  @BeforeEach
  void setUp() {
    t = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults()));
    assertThat(t.levels()).isEqualTo(4);
    t.map(0, 2, 1L << 20, RW);
    for (long g = 512; g < 1024; g++) {
      t.map(g, 1, (1L << 21) + g, RW);
    }
  }

  private List<String> visits(int minLevel, long start, long end) {
    List<String> seen = new ArrayList<>();
    for (TdpIterator it = new TdpIterator(t.pool(), t.rootPage(), t.levels(), minLevel, start, end); it.isValid();
        it.next()) {
      seen.add(it.level() + "@" + it.gfn());
    }
    return seen;
  }

  @Test
  void walksTheRangePreOrderFromTheEntryCoveringItsStart() {
    List<String> seen = visits(1, 600, 602);
    // the path to 600, then 600 and 601; the walk stops at 602 without visiting it
    assertThat(seen).containsExactly("4@0", "3@0", "2@512", "1@600", "1@601");
  }

  @Test
  void visitsEveryEntryTouchingTheRangeAtEveryLevel() {
    List<String> seen = visits(1, 0, 1024);
    // root 0, level-3 0, level-2 0 (the huge leaf) and 512 (a table), its 512 entries; level-2 1024 is past the end
    assertThat(seen).hasSize(1 + 1 + 2 + 512);
    assertThat(seen.subList(0, 5)).containsExactly("4@0", "3@0", "2@0", "2@512", "1@512");
    assertThat(seen.get(seen.size() - 1)).isEqualTo("1@1023");
  }

  @Test
  void stopsAtTheMinimumLevel() {
    assertThat(visits(2, 0, 1024)).containsExactly("4@0", "3@0", "2@0", "2@512");
  }

  @Test
  void walksToTheEndOfItsRootWhenTheRangeDoes() {
    List<String> seen = visits(3, 0, t.gfnLimit());
    // the root page's 512 entries, plus level-3 entries below root entry 0 only
    assertThat(seen).hasSize(512 + 512);
    assertThat(seen.get(seen.size() - 1)).isEqualTo("4@" + (511L << 27));
  }

  @Test
  void aTableRemovedBySetSpteIsSkippedAndOneTakenByTakeSpteIsWalked() {
    long[] level2Page = t.tableAt(0, 2);
    long table = level2Page[1];
    List<String> seen = new ArrayList<>();
    for (TdpIterator it = new TdpIterator(t.pool(), t.rootPage(), 4, 1, 0, 1024); it.isValid(); it.next()) {
      seen.add(it.level() + "@" + it.gfn());
      if (it.level() == 2 && it.gfn() == 512) {
        it.setSpte(0L);
      }
    }
    assertThat(seen).containsExactly("4@0", "3@0", "2@0", "2@512");
    level2Page[1] = table;

    seen.clear();
    for (TdpIterator it = new TdpIterator(t.pool(), t.rootPage(), 4, 1, 512, 1024); it.isValid(); it.next()) {
      if (it.level() == 2) {
        assertThat(it.takeSpte(0L)).isEqualTo(table);
      } else if (it.level() == 1) {
        seen.add("1@" + it.gfn());
      }
    }
    assertThat(seen).hasSize(512).startsWith("1@512").endsWith("1@1023");
    level2Page[1] = table; // relinked for the invariant check after the test
  }

  @Test
  void aYieldRestartsAtTheSameEntryAndEveryEntryIsHandledOnce() {
    List<String> handled = new ArrayList<>();
    int yields = 0;
    for (TdpIterator it = new TdpIterator(t.pool(), t.rootPage(), 4, 1, 0, 1024); it.isValid(); it.next()) {
      if (it.level() == 1 && it.gfn() % 100 == 0 && it.tryYield()) {
        yields++;
        continue;
      }
      if (Spte.isShadowPresent(it.spte()) && Spte.isLeaf(it.spte(), it.level())) {
        handled.add(it.level() + "@" + it.gfn());
      }
    }
    // level-1 gfns 600, 700, 800, 900, 1000 yield once each; 512 + 1 leaves handled exactly once
    assertThat(yields).isEqualTo(5);
    assertThat(handled).hasSize(513).doesNotHaveDuplicates();
  }

  @Test
  void aYieldWithoutProgressIsRefused() {
    TdpIterator it = new TdpIterator(t.pool(), t.rootPage(), 4, 1, 600, 700);
    assertThat(it.tryYield()).as("no entry passed since the start").isFalse();
    while (it.level() != 1) {
      it.next();
    }
    it.next(); // 601
    assertThat(it.tryYield()).isTrue();
    it.next(); // back at the root, on the path to 601
    assertThat(it.level()).isEqualTo(4);
    assertThat(it.tryYield()).as("nothing passed since the last yield").isFalse();
  }
}
