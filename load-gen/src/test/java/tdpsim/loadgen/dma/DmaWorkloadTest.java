package tdpsim.loadgen.dma;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tdpsim.loadgen.scenario.DmaPattern;
import tdpsim.loadgen.scenario.DmaSettings;
import tdpsim.protocol.Access;

class DmaWorkloadTest {
  private static final long BASE = 0x100000;

  private static DmaSettings dma(DmaPattern pattern, long transferBytes, double writeRatio) {
    return new DmaSettings(pattern, 64 * 4096, BASE, 256 * 4096, transferBytes, 1_250_000_000L, writeRatio);
  }

  private static long[] draw(DmaSettings settings, long seed, int n) {
    long[] buf = new long[n];
    assertThat(new DmaWorkload(settings, new SplittableRandom(seed)).next(buf, n)).isEqualTo(n);
    return buf;
  }

  @Test
  void ringWalksTheRingInOrderAndWraps() {
    long[] accesses = draw(dma(DmaPattern.RING, 4096, 1.0), 1, 130);
    for (int i = 0; i < accesses.length; i++) {
      assertThat(Access.toGfn(accesses[i])).isEqualTo((BASE >>> 12) + i % 64);
      assertThat(Access.isWrite(accesses[i])).isTrue();
    }
  }

  @Test
  void bulkTransfersAreContiguousAndShareOneDirection() {
    DmaSettings settings = dma(DmaPattern.BULK, 16 * 4096, 0.5);
    long[] accesses = draw(settings, 2, 16 * 40);
    for (int t = 0; t < 40; t++) {
      long first = Access.toGfn(accesses[t * 16]);
      assertThat((first - (BASE >>> 12)) % 16).isZero();
      for (int p = 1; p < 16; p++) {
        assertThat(Access.toGfn(accesses[t * 16 + p])).isEqualTo(first + p);
        assertThat(Access.isWrite(accesses[t * 16 + p])).isEqualTo(Access.isWrite(accesses[t * 16]));
      }
    }
  }

  @Test
  void randomStaysInTheRegionAndIsDeterministic() {
    DmaSettings settings = dma(DmaPattern.RANDOM, 8192, 0.5);
    long[] a = draw(settings, 3, 10_000);
    assertThat(a).isEqualTo(draw(settings, 3, 10_000));
    Set<Long> gfns = new HashSet<>();
    for (long access : a) {
      gfns.add(Access.toGfn(access));
    }
    assertThat(gfns).allMatch(g -> g >= BASE >>> 12 && g < (BASE >>> 12) + 256).hasSize(256);
  }

  @Test
  void pacingFollowsTheRate() {
    // 10 Gbit/s = 1.25 GB/s: 64 KiB take 52429 ns (rounded), 16 pages
    DmaSettings settings = new DmaSettings(DmaPattern.RING, 1 << 20, 0, 1 << 20, 65536, 1_250_000_000L, 0.5);
    DmaWorkload workload = new DmaWorkload(settings, new SplittableRandom(1));
    assertThat(workload.nsPerTransfer()).isEqualTo(52429);
    assertThat(workload.pagesPerTransfer()).isEqualTo(16);
    assertThat(workload.thinkTimeNs()).isEqualTo(52429 / 16);
  }
}
