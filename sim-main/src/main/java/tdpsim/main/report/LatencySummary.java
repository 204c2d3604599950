package tdpsim.main.report;

import java.util.List;

/**
 * Summary of one latency distribution, in virtual nanoseconds, with its CDF for charts.
 *
 * @param count number of samples
 * @param p50 median latency, ns
 * @param p99 99th percentile latency, ns
 * @param max largest sample, ns
 * @param mean arithmetic mean, ns
 * @param p90 90th percentile latency, ns
 * @param p999 99.9th percentile latency, ns
 * @param cdf points of the cumulative distribution at {@link #CDF_QUANTILES} (value ns, fraction of samples at
 *     or below it), from the HdrHistogram; empty when unknown. Charts and the HTML plot it; report.json leaves it
 *     out.
 */
public record LatencySummary(long count, long p50, long p99, long max, double mean, long p90, long p999,
    List<CdfPoint> cdf) {

  /** The quantiles (percent) the CDF is sampled at: dense in the tail, where designs differ. */
  public static final double[] CDF_QUANTILES = {0, 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97, 98, 99, 99.5,
      99.9, 99.95, 99.99, 100};

  /** One point of a CDF: {@code fraction} of the samples are at or below {@code valueNs}. */
  public record CdfPoint(long valueNs, double fraction) {}

  public LatencySummary {
    if (count < 0 || p50 < 0 || p99 < 0 || max < 0 || p90 < 0 || p999 < 0) {
      throw new IllegalArgumentException("negative latency summary: " + count + "/" + p50 + "/" + p99 + "/" + max);
    }
    cdf = cdf == null ? List.of() : List.copyOf(cdf);
  }

  /**
   * A summary known only by its median, p99, max and mean (older reports, tests): p90 and p99.9 are given their
   * bounds (p99 and max) and the CDF holds only the three known points.
   */
  public LatencySummary(long count, long p50, long p99, long max, double mean) {
    this(count, p50, p99, max, mean, p99, max, count == 0 ? List.of()
        : List.of(new CdfPoint(p50, 0.5), new CdfPoint(p99, 0.99), new CdfPoint(max, 1.0)));
  }

  /** A distribution with no samples. */
  public static LatencySummary empty() {
    return new LatencySummary(0, 0, 0, 0, 0.0);
  }
}
