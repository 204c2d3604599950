package tdpsim.main.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The heap watch's way out: a reserve held while a run watches its heap, given up when the heap runs out. */
class HeapWatchTest {

  @Test
  void aWatchedRunHoldsAReserveThatRunningOutGivesBack() {
    try (HeapWatch watch = HeapWatch.start()) {
      assertThat(HeapWatch.holdsReserve()).isTrue();
      assertThat(HeapWatch.heapFull()).isFalse();
      assertThat(watch.whenLow()).isNotDone();
      assertThat(HeapWatch.outOfMemoryThrown()).as("a run watches its heap").isTrue();
      assertThat(HeapWatch.holdsReserve()).as("the reserve is the way out's").isFalse();
      assertThat(HeapWatch.heapFull()).as("actor work stops").isTrue();
      assertThat(watch.whenLow()).isDone();
      assertThat(watch.sawOutOfMemory()).isTrue();
    }
    try (HeapWatch next = HeapWatch.start()) {
      assertThat(HeapWatch.holdsReserve()).as("the next run holds it again").isTrue();
      assertThat(HeapWatch.heapFull()).isFalse();
    }
  }

  @Test
  void theReserveIsASixteenthOfTheHeapWithinFourAndSixtyFourMebibytes() {
    assertThat(HeapWatch.reserveBytes(96L << 20)).isEqualTo(6 << 20);
    assertThat(HeapWatch.reserveBytes(32L << 20)).isEqualTo(4 << 20);
    assertThat(HeapWatch.reserveBytes(8L << 30)).isEqualTo(64 << 20);
  }

  @Test
  void theOneLineGivesTheHeapUsedAndTheMaximum() {
    assertThat(HeapWatch.outOfMemory())
        .matches("out of memory: heap used [0-9.]+ [MG]iB of [0-9.]+ [MG]iB \\(-Xmx\\); .*");
    assertThat(HeapWatch.size(96L << 20)).isEqualTo("96 MiB");
    assertThat(HeapWatch.size(3L << 30)).isEqualTo("3.0 GiB");
  }
}
