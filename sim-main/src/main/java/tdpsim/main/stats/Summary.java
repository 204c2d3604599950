package tdpsim.main.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The mean of n replications with its sample standard deviation and a two-sided confidence interval (Student t
 * with n - 1 degrees of freedom). With one replication there is no interval: {@code ciLow} and {@code ciHigh} are
 * NaN.
 *
 * @param n replications
 * @param mean sample mean
 * @param sd sample standard deviation (n - 1 in the denominator); 0 when n = 1
 * @param ciLow lower end of the interval, NaN when n < 2
 * @param ciHigh upper end of the interval, NaN when n < 2
 */
public record Summary(int n, double mean, double sd, double ciLow, double ciHigh) {
  /** Two-sided confidence level of every interval in the reports. */
  public static final double CONFIDENCE = 0.95;

  /** The mean of {@code values} with its 95% Student t interval. */
  public static Summary of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    SummaryStatistics s = new SummaryStatistics();
    for (double v : values) {
      s.addValue(v);
    }
    int n = values.length;
    if (n < 2) {
      return new Summary(n, s.getMean(), 0, Double.NaN, Double.NaN);
    }
    double sd = s.getStandardDeviation();
    double half = tQuantile(n - 1) * sd / Math.sqrt(n);
    return new Summary(n, s.getMean(), sd, s.getMean() - half, s.getMean() + half);
  }

  /**
   * The paired difference {@code a[i] - b[i]}: replication i of both ran on the same random draws, so the
   * interval of the differences is narrower than that of two independent means.
   */
  public static Summary pairedDifference(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
    }
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return of(d);
  }

  /**
   * Welch's interval for {@code b.mean - a.mean} of two independent samples with unequal variances
   * (Welch-Satterthwaite degrees of freedom); NaN bounds when either side has fewer than 2 replications. Its
   * {@code sd} is the standard error of the difference.
   */
  public static Summary welchDifference(Summary a, Summary b) {
    double diff = b.mean - a.mean;
    int n = Math.min(a.n, b.n);
    if (a.n < 2 || b.n < 2) {
      return new Summary(n, diff, Double.NaN, Double.NaN, Double.NaN);
    }
    double va = a.sd * a.sd / a.n;
    double vb = b.sd * b.sd / b.n;
    double se = Math.sqrt(va + vb);
    if (se == 0) {
      return new Summary(n, diff, 0, diff, diff);
    }
    double df = (va + vb) * (va + vb) / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
    double half = tQuantile(df) * se;
    return new Summary(n, diff, se, diff - half, diff + half);
  }

  /** True when there is an interval. */
  public boolean hasInterval() {
    return !Double.isNaN(ciLow) && !Double.isNaN(ciHigh);
  }

  /**
   * For a difference: its interval contains 0, so the data do not tell the two apart at 95%. False when there is
   * no interval (one replication says nothing about noise).
   */
  public boolean withinNoise() {
    return hasInterval() && ciLow <= 0 && ciHigh >= 0;
  }

  /** Half the interval's width, NaN without one. */
  public double halfWidth() {
    return hasInterval() ? (ciHigh - ciLow) / 2 : Double.NaN;
  }

  private static double tQuantile(double df) {
    return new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
  }
}
