package tdpsim.actors.wiring;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The machine-wide note that an invariant was violated, so the guardian can stop the run at the next window
 * edge. Touched only when a violation happens (never on a hot path); the details stay in each entity's stats.
 */
public final class ViolationLog {
  private final AtomicLong count = new AtomicLong();
  private final AtomicReference<String> first = new AtomicReference<>();

  public void report(String what) {
    count.incrementAndGet();
    first.compareAndSet(null, what);
  }

  public long count() {
    return count.get();
  }

  /** The first violation reported, or null. */
  public String first() {
    return first.get();
  }
}
