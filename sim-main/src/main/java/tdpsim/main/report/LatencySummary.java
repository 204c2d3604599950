package tdpsim.main.report;

/**
 * Summary of one latency distribution, in virtual nanoseconds.
 *
 * @param count number of samples
 * @param p50 median latency, ns
 * @param p99 99th percentile latency, ns
 * @param max largest sample, ns
 * @param mean arithmetic mean, ns
 */
public record LatencySummary(long count, long p50, long p99, long max, double mean) {
  public LatencySummary {
    if (count < 0 || p50 < 0 || p99 < 0 || max < 0) {
      throw new IllegalArgumentException("negative latency summary: " + count + "/" + p50 + "/" + p99 + "/" + max);
    }
  }

  /** A distribution with no samples. */
  public static LatencySummary empty() {
    return new LatencySummary(0, 0, 0, 0, 0.0);
  }
}
