package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MapHintsTest {
  @Test
  void aHintMatchesOnlyItsBlockAndUnlinkSequence() {
    MapHints hints = new MapHints(4);
    long[] page = new long[512];
    assertThat(hints.page(1, 7, 0)).as("nothing remembered yet").isNull();
    hints.remember(1, 7, page, 3);
    assertThat(hints.page(1, 7, 3)).isSameAs(page);
    assertThat(hints.page(1, 8, 3)).as("another block").isNull();
    assertThat(hints.page(1, 7, 4)).as("a zap unlinked pages since").isNull();
    assertThat(hints.page(2, 7, 3)).as("another stripe").isNull();
    long[] other = new long[512];
    hints.remember(1, 8, other, 3);
    assertThat(hints.page(1, 8, 3)).isSameAs(other);
    assertThat(hints.page(1, 7, 3)).isNull();
  }

  /**
   * Two writers and a reader on one slot: every hint the reader gets back is the page written with that block and
   * sequence, never a page of one update with the block of another (a torn read the versions must reject).
   */
  @Test
  void concurrentUpdatesNeverPairABlockWithAnotherBlocksPage() throws Exception {
    MapHints hints = new MapHints(1);
    long[][] pages = new long[64][];
    for (int i = 0; i < pages.length; i++) {
      pages[i] = new long[1];
    }
    AtomicBoolean stop = new AtomicBoolean();
    Runnable writer = () -> {
      SplittableRandom r = new SplittableRandom(Thread.currentThread().getId());
      while (!stop.get()) {
        int k = r.nextInt(pages.length);
        hints.remember(0, k, pages[k], k * 31L);
      }
    };
    Thread w1 = new Thread(writer);
    Thread w2 = new Thread(writer);
    w1.start();
    w2.start();
    AtomicLong hits = new AtomicLong();
    long torn = 0;
    SplittableRandom r = new SplittableRandom(1);
    long end = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < end) {
      int k = r.nextInt(pages.length);
      long[] p = hints.page(0, k, k * 31L);
      if (p != null) {
        hits.incrementAndGet();
        if (p != pages[k]) {
          torn++;
        }
      }
    }
    stop.set(true);
    w1.join();
    w2.join();
    assertThat(torn).isZero();
    assertThat(hits.get()).as("the reader saw some hints").isPositive();
  }
}
