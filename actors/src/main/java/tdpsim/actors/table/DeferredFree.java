package tdpsim.actors.table;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Table pages unlinked by a zap or collapse that walkers may still be reading: the RCU-like handle the caller
 * passes back to {@link SharedPageTable#release} once the TLB flush, IOTLB invalidation and drain that made
 * them unreachable have completed. Until then the pages stay out of the pool and count as pending free.
 */
public final class DeferredFree {
  private final SharedPageTable owner;
  private final int[] frames;
  private final AtomicBoolean released = new AtomicBoolean();

  DeferredFree(SharedPageTable owner, int[] frames) {
    this.owner = owner;
    this.frames = frames;
  }

  /** Number of table pages waiting for release. */
  public int pages() {
    return frames.length;
  }

  public boolean isReleased() {
    return released.get();
  }

  SharedPageTable owner() {
    return owner;
  }

  /** The held frames; for invariant checks and tests, not to be modified. */
  int[] frames() {
    return frames;
  }

  /** Marks the handle released exactly once; false if it already was. */
  boolean tryMarkReleased() {
    return released.compareAndSet(false, true);
  }

  @Override
  public String toString() {
    return "DeferredFree[pages=" + frames.length + ", released=" + released.get() + "]";
  }
}
