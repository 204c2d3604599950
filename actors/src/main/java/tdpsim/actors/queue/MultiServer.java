package tdpsim.actors.queue;

/**
 * {@code servers} identical servers fed by one FIFO, in virtual time (a workqueue with several workers): a job
 * goes to the server that frees first and starts at {@code max(arrival, that server's free time)}. Owned by one
 * actor; not thread-safe. Allocates nothing per job.
 */
public final class MultiServer {
  private final long[] freeAtNs;
  private long busyNs;
  private long jobs;
  private long lastWaitNs;

  public MultiServer(int servers) {
    if (servers < 1) {
      throw new IllegalArgumentException("at least one server: " + servers);
    }
    freeAtNs = new long[servers];
  }

  /** Serve a job arriving at {@code arrivalNs} needing {@code serviceNs}; returns its completion time. */
  public long serve(long arrivalNs, long serviceNs) {
    if (serviceNs == 0) {
      lastWaitNs = 0;
      jobs++;
      return arrivalNs;
    }
    int best = 0;
    for (int i = 1; i < freeAtNs.length; i++) {
      if (freeAtNs[i] < freeAtNs[best]) {
        best = i;
      }
    }
    long start = Math.max(arrivalNs, freeAtNs[best]);
    lastWaitNs = start - arrivalNs;
    freeAtNs[best] = start + serviceNs;
    busyNs += serviceNs;
    jobs++;
    return freeAtNs[best];
  }

  public int servers() {
    return freeAtNs.length;
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
