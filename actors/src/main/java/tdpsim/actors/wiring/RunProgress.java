package tdpsim.actors.wiring;

/**
 * How far a running machine is, for progress displays: the end of the last window started, in virtual ns.
 * Written by the guardian once per window (one writer), read by anyone; never read on the simulated path.
 */
public final class RunProgress {
  private volatile long virtualNs;
  private volatile long windows;

  public void window(long windowEndNs, long windowCount) {
    this.virtualNs = windowEndNs;
    this.windows = windowCount;
  }

  public long virtualNs() {
    return virtualNs;
  }

  public long windows() {
    return windows;
  }
}
