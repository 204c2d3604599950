package tdpsim.actors.queue;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bandwidth shared by every thread of one host (memory zeroing): a transfer of {@code bytes} occupies the
 * channel for {@code bytes / bandwidth} and transfers are served one after another, so n transfers submitted
 * together finish, together, n times later than one alone (the makespan of processor sharing; the order of
 * finishing is FIFO instead of all at the end). Lock-free: one CAS per transfer on a per-host counter, touched only
 * by allocations, never per access.
 */
public final class SharedBandwidth {
  private final long bytesPerSec;
  private final AtomicLong freeAtNs = new AtomicLong();
  private final AtomicLong busyNs = new AtomicLong();

  /** @param bytesPerSec the bandwidth; 0 = unlimited (every transfer is free and never waits) */
  public SharedBandwidth(long bytesPerSec) {
    if (bytesPerSec < 0) {
      throw new IllegalArgumentException("bandwidth must not be negative: " + bytesPerSec);
    }
    this.bytesPerSec = bytesPerSec;
  }

  public boolean limited() {
    return bytesPerSec > 0;
  }

  /** Time the channel needs for {@code bytes} alone, ns. */
  public long serviceNs(long bytes) {
    return bytesPerSec == 0 ? 0 : (long) Math.ceil(bytes * 1e9 / bytesPerSec);
  }

  /**
   * Submit a transfer of {@code bytes} at {@code arrivalNs}; returns how long it waits for the channel before its
   * own transfer starts, ns (0 when unlimited).
   */
  public long waitNs(long arrivalNs, long bytes) {
    if (bytesPerSec == 0) {
      return 0;
    }
    long service = serviceNs(bytes);
    while (true) {
      long free = freeAtNs.get();
      long start = Math.max(arrivalNs, free);
      if (freeAtNs.compareAndSet(free, start + service)) {
        busyNs.addAndGet(service);
        return start - arrivalNs;
      }
    }
  }

  /** Total transfer time, ns. */
  public long busyNs() {
    return busyNs.get();
  }
}
