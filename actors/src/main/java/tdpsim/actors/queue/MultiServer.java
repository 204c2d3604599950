package tdpsim.actors.queue;

/**
 * {@code servers} identical servers fed by one FIFO, in virtual time (a workqueue with several workers, or with
 * one, a single first-come-first-served server such as the IOMMU's invalidation queue): a job
 * goes to the server that can start it first and starts then. With arrivals in virtual-time order that is the
 * server that frees first, at {@code max(arrival, its free time)}; a job that reaches the queue after a
 * later-arriving one takes the earliest idle stretch of any server ({@link BusyCalendar}). Owned by one actor; not
 * thread-safe. Allocates nothing per job once the calendars have grown.
 */
public final class MultiServer {
  private final BusyCalendar[] calendars;
  private long busyNs;
  private long jobs;
  private long lastWaitNs;

  public MultiServer(int servers) {
    if (servers < 1) {
      throw new IllegalArgumentException("at least one server: " + servers);
    }
    calendars = new BusyCalendar[servers];
    for (int i = 0; i < servers; i++) {
      calendars[i] = new BusyCalendar();
    }
  }

  /** Serve a job arriving at {@code arrivalNs} needing {@code serviceNs}; returns its completion time. */
  public long serve(long arrivalNs, long serviceNs) {
    if (serviceNs == 0) {
      lastWaitNs = 0;
      jobs++;
      return arrivalNs;
    }
    int best = 0;
    long start = calendars[0].earliestStart(arrivalNs, serviceNs);
    for (int i = 1; i < calendars.length; i++) {
      long s = calendars[i].earliestStart(arrivalNs, serviceNs);
      if (s < start) {
        best = i;
        start = s;
      }
    }
    calendars[best].reserve(start, serviceNs);
    lastWaitNs = start - arrivalNs;
    busyNs += serviceNs;
    jobs++;
    return start + serviceNs;
  }

  public int servers() {
    return calendars.length;
  }

  public long lastWaitNs() {
    return lastWaitNs;
  }

  /** Total service time over all servers, ns. */
  public long busyNs() {
    return busyNs;
  }

  public long jobs() {
    return jobs;
  }
}
