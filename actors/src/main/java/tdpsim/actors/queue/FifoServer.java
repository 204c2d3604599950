package tdpsim.actors.queue;

/**
 * One server, first come first served, in virtual time: a job arriving at {@code t} starts at
 * {@code max(t, end of the previous job)}; a job of no service time passes straight through. Owned by one actor; not thread-safe. Allocates nothing.
 */
public final class FifoServer {
  private long freeAtNs;
  private long busyNs;
  private long jobs;
  private long lastWaitNs;

  /** Serve a job arriving at {@code arrivalNs} needing {@code serviceNs}; returns its completion time. */
  public long serve(long arrivalNs, long serviceNs) {
    if (serviceNs == 0) {
      // A job that takes no time occupies nothing: it neither waits nor delays the jobs behind it.
      lastWaitNs = 0;
      jobs++;
      return arrivalNs;
    }
    long start = Math.max(arrivalNs, freeAtNs);
    lastWaitNs = start - arrivalNs;
    freeAtNs = start + serviceNs;
    busyNs += serviceNs;
    jobs++;
    return freeAtNs;
  }

  /** How long the last job waited before its service started, ns. */
  public long lastWaitNs() {
    return lastWaitNs;
  }

  /** Total service time, ns. */
  public long busyNs() {
    return busyNs;
  }

  public long jobs() {
    return jobs;
  }
}
