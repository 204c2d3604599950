package tdpsim.loadgen;

/**
 * A stream of memory accesses for one vCPU or device, handed out in batches of packed accesses
 * ({@link tdpsim.protocol.Access#encode(long, boolean)}: {@code gfn << 1 | write}). Implementations allocate
 * nothing per access and are single-threaded: one owner (the vCPU or device actor) pulls from it.
 */
public interface Workload {
  /**
   * Fills {@code buf[0 .. n)} with the next accesses, {@code n <= max}, and returns {@code n}; 0 means the
   * workload is exhausted (and stays so). Every gfn lies inside the owner VM's memslots.
   */
  int next(long[] buf, int max);

  /** Virtual nanoseconds between two consecutive accesses of this stream. */
  long thinkTimeNs();

  /** This workload cut off after {@code maxAccesses} accesses; 0 means no limit (returns {@code workload}). */
  static Workload limit(Workload workload, long maxAccesses) {
    if (maxAccesses == 0) {
      return workload;
    }
    return new Workload() {
      private long remaining = maxAccesses;

      @Override
      public int next(long[] buf, int max) {
        int n = workload.next(buf, (int) Math.min(max, remaining));
        remaining -= n;
        return n;
      }

      @Override
      public long thinkTimeNs() {
        return workload.thinkTimeNs();
      }
    };
  }
}
