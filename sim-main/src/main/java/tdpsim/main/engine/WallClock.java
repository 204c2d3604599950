package tdpsim.main.engine;

/**
 * The one owner of the wall clock. Only the simulator's own figures (wall time, events per second) read it;
 * nothing on the simulated path does.
 */
public final class WallClock {
  private WallClock() {}

  public static long nowNanos() {
    return System.nanoTime();
  }
}
