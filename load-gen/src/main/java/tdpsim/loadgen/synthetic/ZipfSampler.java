package tdpsim.loadgen.synthetic;

import java.util.SplittableRandom;

/**
 * Draws ranks in [1, n] with P(k) proportional to 1/k^s, for any s > 0, in O(1) expected time and no tables, by
 * rejection-inversion (Hörmann and Derflinger, "Rejection-inversion to generate variates from monotone discrete
 * distributions", ACM TOMACS 6(3), 1996).
 *
 * <p>Implementation notes: with h(x) = x^-s and its antiderivative H(x) = (x^(1-s) - 1) / (1-s) (ln x at s = 1),
 * a point u is drawn uniformly in (H(1.5) - 1, H(n + 0.5)], inverted to x = H^-1(u), and rounded to k. k is
 * accepted when it is close enough to x (the precomputed {@code squeeze}) or when u lies above H(k + 0.5) - h(k);
 * the acceptance rate is high for every s, so the loop runs about once. The (1-s) factor is handled with
 * expm1/log1p so that s near 1 loses no precision.
 */
public final class ZipfSampler {
  private final long n;
  private final double skew;
  private final double hIntegralLow;
  private final double hIntegralHigh;
  private final double squeeze;

  public ZipfSampler(long n, double skew) {
    if (n < 1 || !(skew > 0)) {
      throw new IllegalArgumentException("zipf needs n >= 1 and skew > 0: n=" + n + ", skew=" + skew);
    }
    this.n = n;
    this.skew = skew;
    this.hIntegralLow = hIntegral(1.5) - 1.0;
    this.hIntegralHigh = hIntegral(n + 0.5);
    this.squeeze = 2.0 - hIntegralInverse(hIntegral(2.5) - h(2.0));
  }

  /** A rank in [1, n]. */
  public long sample(SplittableRandom random) {
    while (true) {
      double u = hIntegralHigh + random.nextDouble() * (hIntegralLow - hIntegralHigh);
      double x = hIntegralInverse(u);
      long k = (long) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > n) {
        k = n;
      }
      if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) {
        return k;
      }
    }
  }

  private double h(double x) {
    return Math.exp(-skew * Math.log(x));
  }

  private double hIntegral(double x) {
    double logX = Math.log(x);
    return expm1OverX((1.0 - skew) * logX) * logX;
  }

  private double hIntegralInverse(double y) {
    double t = y * (1.0 - skew);
    if (t < -1.0) {
      t = -1.0; // rounding guard: the true value is > -1 on the whole domain
    }
    return Math.exp(log1pOverX(t) * y);
  }

  /** expm1(x)/x, continuous at 0. */
  private static double expm1OverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1.0 + x / 2.0;
  }

  /** log1p(x)/x, continuous at 0. */
  private static double log1pOverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1.0 - x / 2.0;
  }
}
