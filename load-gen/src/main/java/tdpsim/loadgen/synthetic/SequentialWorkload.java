package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;
import tdpsim.loadgen.GuestPages;
import tdpsim.loadgen.Workload;
import tdpsim.protocol.Access;

/**
 * Every page of the run in gpa order, once per pass: KVM's demand_paging_test and dirty_log_perf_test shape.
 * With {@code passes = 0} it wraps forever; otherwise it is exhausted after the last pass.
 */
public final class SequentialWorkload implements Workload {
  private final GuestPages pages;
  private final double writeRatio;
  private final int passes;
  private final long thinkTimeNs;
  private final SplittableRandom random;
  private long offset;
  private int passesDone;

  public SequentialWorkload(GuestPages pages, double writeRatio, int passes, long thinkTimeNs,
      SplittableRandom random) {
    this.pages = pages;
    this.writeRatio = writeRatio;
    this.passes = passes;
    this.thinkTimeNs = thinkTimeNs;
    this.random = random;
  }

  @Override
  public int next(long[] buf, int max) {
    int n = 0;
    while (n < max && (passes == 0 || passesDone < passes)) {
      buf[n++] = Access.encode(pages.gfn(offset), random.nextDouble() < writeRatio);
      if (++offset == pages.count()) {
        offset = 0;
        passesDone++;
      }
    }
    return n;
  }

  @Override
  public long thinkTimeNs() {
    return thinkTimeNs;
  }
}
