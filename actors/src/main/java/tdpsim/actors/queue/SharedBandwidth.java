package tdpsim.actors.queue;

/**
 * A bandwidth shared by every thread of one host (memory zeroing): a transfer of {@code bytes} occupies the
 * channel for {@code bytes / bandwidth} and transfers are served one after another, so n transfers submitted
 * together finish, together, n times later than one alone (the makespan of processor sharing; the order of
 * finishing is FIFO instead of all at the end). Transfers reach the channel in execution order, which inside a
 * window is not virtual-time order; each takes the earliest idle stretch at or after its arrival
 * ({@link BusyCalendar}), so transfers that do not overlap in virtual time never wait for each other.
 *
 * <p>One monitor per host, taken once per zeroing (a fault that allocates), never per access or per TLB hit.
 * The channel is one resource of the host: its state cannot be split by thread or stripe.
 */
public final class SharedBandwidth {
  private final long bytesPerSec;
  private final BusyCalendar calendar = new BusyCalendar();
  private long busyNs;

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
    synchronized (calendar) {
      long start = calendar.serve(arrivalNs, service);
      busyNs += service;
      return start - arrivalNs;
    }
  }

  /** Total transfer time, ns. */
  public long busyNs() {
    synchronized (calendar) {
      return busyNs;
    }
  }
}
