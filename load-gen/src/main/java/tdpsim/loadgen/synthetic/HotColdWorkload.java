package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;
import tdpsim.loadgen.GuestPages;

/**
 * Two-level locality: the first {@code hotFraction} of the run (at least one page) takes {@code hotProbability}
 * of the accesses, uniformly; the rest go uniformly to the cold pages. The knob for access-tracking (aging) runs.
 */
public final class HotColdWorkload extends RandomPageWorkload {
  private final long hotPages;
  private final long coldPages;
  private final BoundedDraw hotDraw;
  private final BoundedDraw coldDraw;
  private final double hotProbability;

  public HotColdWorkload(GuestPages pages, double hotFraction, double hotProbability, double writeRatio,
      long thinkTimeNs, SplittableRandom random) {
    super(pages, writeRatio, thinkTimeNs, random);
    this.hotPages = Math.max(1, Math.min(pages.count(), Math.round(pages.count() * hotFraction)));
    this.coldPages = pages.count() - hotPages;
    this.hotProbability = hotProbability;
    this.hotDraw = new BoundedDraw(hotPages);
    this.coldDraw = coldPages == 0 ? null : new BoundedDraw(coldPages);
  }

  /** Pages in the hot set (the run's first pages). */
  public long hotPages() {
    return hotPages;
  }

  @Override
  long nextOffset() {
    if (coldPages == 0 || random.nextDouble() < hotProbability) {
      return hotDraw.next(random);
    }
    return hotPages + coldDraw.next(random);
  }
}
