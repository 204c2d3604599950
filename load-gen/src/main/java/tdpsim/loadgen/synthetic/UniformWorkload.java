package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;
import tdpsim.loadgen.GuestPages;

/** Pages drawn uniformly from the run: the worst case for TLBs and the best spread over table stripes. */
public final class UniformWorkload extends RandomPageWorkload {
  public UniformWorkload(GuestPages pages, double writeRatio, long thinkTimeNs, SplittableRandom random) {
    super(pages, writeRatio, thinkTimeNs, random);
  }

  @Override
  long nextOffset() {
    return random.nextLong(pages.count());
  }
}
