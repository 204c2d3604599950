package tdpsim.actors.tlb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The TLB against a plain model of a 4-way set-associative cache of 4 KiB leaves with round-robin replacement:
 * random fills, lookups (reads and writes) and flushes over few sets, so every way of a set is filled, hit,
 * replaced and dropped many times.
 */
class TlbModelTest {
  /** One set of the model: its ways' gfns (-1 empty), pfns, dirty flags and next victim. */
  private static final class ModelSet {
    final long[] gfn = {-1, -1, -1, -1};
    final long[] pfn = new long[4];
    final boolean[] dirty = new boolean[4];
    int victim;

    int find(long g) {
      for (int w = 0; w < 4; w++) {
        if (gfn[w] == g) {
          return w;
        }
      }
      return -1;
    }
  }

  @Test
  void agreesWithASetAssociativeModelUnderRandomFillsLookupsAndFlushes() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      Tlb tlb = new Tlb(16);
      Map<Integer, ModelSet> model = new HashMap<>();
      int[] hitsByWay = new int[4];
      for (int op = 0; op < 20_000; op++) {
        long gfn = r.nextLong(64);
        int set = tlb.set(TlbKeys.key(gfn, 1), 0);
        ModelSet m = model.computeIfAbsent(set, s -> new ModelSet());
        int kind = r.nextInt(100);
        if (kind < 45) {
          boolean write = r.nextBoolean();
          int w = m.find(gfn);
          long expected = w < 0 || write && !m.dirty[w] ? -1 : m.pfn[w];
          assertThat(tlb.lookup(gfn, write)).as("seed %d op %d gfn %d", seed, op, gfn).isEqualTo(expected);
          if (expected >= 0) {
            hitsByWay[w]++;
          }
        } else if (kind < 90) {
          long pfn = 1000 + r.nextLong(1000);
          boolean dirty = r.nextBoolean();
          int w = m.find(gfn);
          if (w < 0) {
            w = m.victim;
            m.victim = (w + 1) & 3;
          }
          m.gfn[w] = gfn;
          m.pfn[w] = pfn;
          m.dirty[w] = dirty;
          tlb.insert(gfn, 1, pfn, dirty);
        } else if (kind < 99) {
          long end = gfn + 1 + r.nextLong(8);
          int dropped = 0;
          for (ModelSet s : model.values()) {
            for (int w = 0; w < 4; w++) {
              if (s.gfn[w] >= gfn && s.gfn[w] < end) {
                s.gfn[w] = -1;
                dropped++;
              }
            }
          }
          assertThat(tlb.flushRange(gfn, end)).isEqualTo(dropped);
        } else {
          int valid = 0;
          for (ModelSet s : model.values()) {
            for (int w = 0; w < 4; w++) {
              valid += s.gfn[w] >= 0 ? 1 : 0;
              s.gfn[w] = -1;
            }
          }
          assertThat(tlb.flushAll()).isEqualTo(valid);
        }
      }
      assertThat(Arrays.stream(hitsByWay).min().getAsInt()).as("every way is hit, seed %d", seed).isGreaterThan(50);
    }
  }
}
