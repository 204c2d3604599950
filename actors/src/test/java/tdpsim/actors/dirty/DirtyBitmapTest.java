package tdpsim.actors.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * {@link DirtyBitmap}: one bit per gfn in 64-bit words. A bitmap of 130 pages has three words: gfns 0-63, 64-127
 * and 128-129.
 */
class DirtyBitmapTest {
  private final DirtyBitmap bitmap = new DirtyBitmap(130);

  @Test
  void setMarksOnlyTheGfnsInsideTheBitmap() {
    bitmap.set(0);
    bitmap.set(63);
    bitmap.set(64);
    bitmap.set(129);
    bitmap.set(-1);
    bitmap.set(130);

    assertThat(bitmap.count()).isEqualTo(4);
    assertThat(bitmap.get(0)).isTrue();
    assertThat(bitmap.get(63)).isTrue();
    assertThat(bitmap.get(64)).isTrue();
    assertThat(bitmap.get(129)).isTrue();
    assertThat(bitmap.get(1)).isFalse();
    assertThat(bitmap.get(128)).isFalse();
    assertThat(bitmap.get(-1)).isFalse();
    assertThat(bitmap.get(130)).isFalse();
  }

  @Test
  void settingAGfnTwiceCountsItOnce() {
    bitmap.set(7);
    bitmap.set(7);

    assertThat(bitmap.count()).isEqualTo(1);
  }

  @Test
  void setRangeCoversExactlyTheRangeAcrossAWordBoundary() {
    bitmap.setRange(60, 8);

    assertThat(bitmap.count()).isEqualTo(8);
    assertThat(bitmap.get(59)).isFalse();
    assertThat(bitmap.get(60)).isTrue();
    assertThat(bitmap.get(67)).isTrue();
    assertThat(bitmap.get(68)).isFalse();
  }

  @Test
  void newWordsHasOneWordPer64PagesRoundedUp() {
    assertThat(bitmap.newWords()).hasSize(3);
    assertThat(new DirtyBitmap(128).newWords()).hasSize(2);
    assertThat(new DirtyBitmap(1).newWords()).hasSize(1);
    assertThat(bitmap.pages()).isEqualTo(130);
  }

  @Test
  void drainIntoMovesTheBitsOutAndCountsThem() {
    bitmap.set(3);
    bitmap.set(64);
    bitmap.set(65);
    long[] into = bitmap.newWords();

    assertThat(bitmap.drainInto(into)).isEqualTo(3);
    // gfn 3 is bit 3 of word 0 (8); gfns 64 and 65 are bits 0 and 1 of word 1 (3).
    assertThat(into).containsExactly(8, 3, 0);
    assertThat(bitmap.count()).isZero();
    assertThat(bitmap.get(3)).isFalse();
  }

  @Test
  void drainIntoOrsIntoWhatTheTargetAlreadyHolds() {
    long[] into = {1, 0, 0};
    bitmap.set(3);
    bitmap.set(0);

    assertThat(bitmap.drainInto(into)).as("bits moved, counted here even if the target had them").isEqualTo(2);
    assertThat(into).containsExactly(9, 0, 0);
  }

  @Test
  void clearRemovesOnlyTheBitsSent() {
    bitmap.set(1);
    bitmap.set(2);
    bitmap.set(3);
    bitmap.set(70);

    bitmap.clear(new long[] {0b0110, 0, 0});

    assertThat(bitmap.count()).isEqualTo(2);
    assertThat(bitmap.get(1)).isFalse();
    assertThat(bitmap.get(2)).isFalse();
    assertThat(bitmap.get(3)).isTrue();
    assertThat(bitmap.get(70)).isTrue();
  }

  @Test
  void clearWithAShorterArrayLeavesTheWordsBeyondIt() {
    bitmap.set(1);
    bitmap.set(129);

    bitmap.clear(new long[] {-1L});

    assertThat(bitmap.get(1)).isFalse();
    assertThat(bitmap.get(129)).isTrue();
  }

  @Test
  void clearAllEmptiesTheBitmap() {
    bitmap.setRange(0, 130);
    assertThat(bitmap.count()).isEqualTo(130);

    bitmap.clearAll();

    assertThat(bitmap.count()).isZero();
  }

  /** Two writers set the even and the odd gfns of the same words: an OR that is not atomic loses bits. */
  @Test
  void concurrentWritersToOneWordLoseNoBit() throws InterruptedException {
    int pages = 64 * 4096;
    DirtyBitmap shared = new DirtyBitmap(pages);
    CountDownLatch go = new CountDownLatch(1);
    Thread even = writer(shared, go, 0, pages);
    Thread odd = writer(shared, go, 1, pages);
    go.countDown();
    even.join();
    odd.join();

    assertThat(shared.count()).isEqualTo(pages);
  }

  /** A harvester drains while two writers set every gfn once: each gfn is in exactly one take, none is lost. */
  @Test
  void drainingWhileWritingLosesNoWrite() throws InterruptedException {
    int pages = 64 * 4096;
    DirtyBitmap shared = new DirtyBitmap(pages);
    CountDownLatch go = new CountDownLatch(1);
    Thread even = writer(shared, go, 0, pages);
    Thread odd = writer(shared, go, 1, pages);
    long[] union = shared.newWords();
    long taken = 0;
    go.countDown();
    while (even.isAlive() || odd.isAlive()) {
      taken += shared.drainInto(union);
    }
    even.join();
    odd.join();
    taken += shared.drainInto(union);

    long inUnion = 0;
    for (long w : union) {
      inUnion += Long.bitCount(w);
    }
    assertThat(inUnion).isEqualTo(pages);
    assertThat(taken).as("every gfn was set once, so it is taken exactly once").isEqualTo(pages);
  }

  /** Sets every second gfn from {@code first}, after {@code go}. */
  private static Thread writer(DirtyBitmap b, CountDownLatch go, int first, int pages) {
    Thread t = new Thread(() -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      for (int g = first; g < pages; g += 2) {
        b.set(g);
      }
    });
    t.start();
    return t;
  }
}
