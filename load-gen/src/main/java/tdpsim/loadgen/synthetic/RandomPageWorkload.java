package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;
import tdpsim.loadgen.GuestPages;
import tdpsim.loadgen.Workload;
import tdpsim.protocol.Access;

/** Base of the endless random patterns: each access is a drawn page offset plus a write coin flip. */
abstract class RandomPageWorkload implements Workload {
  final GuestPages pages;
  final SplittableRandom random;
  private final double writeRatio;
  private final long thinkTimeNs;

  RandomPageWorkload(GuestPages pages, double writeRatio, long thinkTimeNs, SplittableRandom random) {
    this.pages = pages;
    this.writeRatio = writeRatio;
    this.thinkTimeNs = thinkTimeNs;
    this.random = random;
  }

  /** The next page offset in [0, pages.count()). */
  abstract long nextOffset();

  @Override
  public final int next(long[] buf, int max) {
    for (int i = 0; i < max; i++) {
      long gfn = pages.gfn(nextOffset());
      buf[i] = Access.encode(gfn, random.nextDouble() < writeRatio);
    }
    return max;
  }

  @Override
  public final long thinkTimeNs() {
    return thinkTimeNs;
  }
}
