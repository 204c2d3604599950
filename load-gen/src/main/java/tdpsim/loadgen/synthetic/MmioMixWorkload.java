package tdpsim.loadgen.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import tdpsim.loadgen.Workload;
import tdpsim.loadgen.scenario.MmioSettings;
import tdpsim.protocol.Access;

/**
 * A vCPU's accesses with a share sent to the VM's emulated-MMIO ranges (outside the memslots, so KVM exits to
 * emulate): after each access of the inner stream, with probability {@code share} of a range, that access is
 * replaced by one to a uniformly drawn page of the range (a write with the VM's write ratio). The coin has its
 * own random stream, so the inner stream is the same as without MMIO.
 */
public final class MmioMixWorkload implements Workload {
  private final Workload inner;
  private final long[] startGfn;
  private final long[] pages;
  private final double[] cumulativeShare;
  private final double writeRatio;
  private final SplittableRandom random;

  public MmioMixWorkload(Workload inner, List<MmioSettings> ranges, double writeRatio, SplittableRandom random) {
    this.inner = inner;
    this.startGfn = new long[ranges.size()];
    this.pages = new long[ranges.size()];
    this.cumulativeShare = new double[ranges.size()];
    double sum = 0;
    for (int i = 0; i < ranges.size(); i++) {
      startGfn[i] = ranges.get(i).startGfn();
      pages[i] = ranges.get(i).endGfn() - ranges.get(i).startGfn();
      sum += ranges.get(i).share();
      cumulativeShare[i] = sum;
    }
    this.writeRatio = writeRatio;
    this.random = random;
  }

  @Override
  public int next(long[] buf, int max) {
    int n = inner.next(buf, max);
    for (int i = 0; i < n; i++) {
      double coin = random.nextDouble();
      for (int r = 0; r < cumulativeShare.length; r++) {
        if (coin < cumulativeShare[r]) {
          buf[i] = Access.encode(startGfn[r] + random.nextLong(pages[r]), random.nextDouble() < writeRatio);
          break;
        }
      }
    }
    return n;
  }

  @Override
  public long thinkTimeNs() {
    return inner.thinkTimeNs();
  }
}
