package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;
import tdpsim.loadgen.GuestPages;

/** Pages drawn uniformly from the run: the worst case for TLBs and the best spread over table stripes. */
public final class UniformWorkload extends RandomPageWorkload {
  private final BoundedDraw draw;

  public UniformWorkload(GuestPages pages, double writeRatio, long thinkTimeNs, SplittableRandom random) {
    super(pages, writeRatio, thinkTimeNs, random);
    this.draw = new BoundedDraw(pages.count());
  }

  @Override
  long nextOffset() {
    return draw.next(random);
  }
}
