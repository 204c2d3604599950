package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryLatencyTest {
  @Test
  void theChaseVisitsEveryLineOnceBeforeItReturns() {
    int lines = 1000;
    int[] next = MemoryLatency.cycle(lines, 7);
    Set<Integer> seen = new HashSet<>();
    int p = 0;
    for (int i = 0; i < lines; i++) {
      assertThat(p % 16).as("a line's first int").isZero();
      assertThat(seen.add(p)).as("line %d visited twice", p / 16).isTrue();
      p = next[p];
    }
    assertThat(p).as("back at the start after every line").isZero();
  }

  @Test
  void describesEachSizeWithALatency() {
    assertThat(MemoryLatency.describe()).matches("256 KiB [0-9.]+ ns, 8 MiB [0-9.]+ ns, 64 MiB [0-9.]+ ns \\(.*\\)");
  }
}
