package tdpsim.actors.queue;

/**
 * One server, first come first served, in virtual time: a job arriving at {@code t} starts at
 * {@code max(t, end of the previous job)} when jobs arrive in virtual-time order; a job that reaches the server
 * after a later-arriving one (the engine runs a window's entities in execution order) takes the earliest idle
 * stretch at or after its arrival instead of queueing behind it ({@link BusyCalendar}). A job of no service time
 * passes straight through. Owned by one actor; not thread-safe. Allocates nothing per job once its calendar has
 * grown.
 */
public final class FifoServer {
  private final BusyCalendar calendar = new BusyCalendar();
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
    long start = calendar.serve(arrivalNs, serviceNs);
    lastWaitNs = start - arrivalNs;
    busyNs += serviceNs;
    jobs++;
    return start + serviceNs;
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
