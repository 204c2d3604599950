package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;
import tdpsim.loadgen.GuestPages;

/**
 * Zipf-distributed pages: rank k (1-based) has weight 1/k^s and is the run's page k-1, so the hot pages sit at
 * the start of the run, contiguous, as a guest's hot heap or page cache does.
 */
public final class ZipfWorkload extends RandomPageWorkload {
  private final ZipfSampler sampler;

  public ZipfWorkload(GuestPages pages, double skew, double writeRatio, long thinkTimeNs, SplittableRandom random) {
    super(pages, writeRatio, thinkTimeNs, random);
    this.sampler = new ZipfSampler(pages.count(), skew);
  }

  @Override
  long nextOffset() {
    return sampler.sample(random) - 1;
  }
}
