package tdpsim.loadgen.scenario;

/**
 * Cheap argument checks for the settings records' compact constructors. The loader reports user mistakes with the
 * key path first; these only guard records built directly in code (tests, sweeps), so they throw
 * {@link IllegalArgumentException}.
 */
final class Checks {
  private Checks() {}

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(what);
    }
  }

  static void checkRatio(double value, String name) {
    check(value >= 0.0 && value <= 1.0, name + " must be in [0, 1]: " + value);
  }

  static void checkPositive(long value, String name) {
    check(value > 0, name + " must be > 0: " + value);
  }

  static void checkNonNegative(long value, String name) {
    check(value >= 0, name + " must be >= 0: " + value);
  }

  static void checkPageAligned(long value, String name) {
    check((value & 0xfffL) == 0, name + " must be a multiple of 4KiB: " + value);
  }
}
