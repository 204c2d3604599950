package tdpsim.actors.wiring;

import java.util.function.LongSupplier;

/**
 * How far a running machine is, for progress displays: the end of the last window started, in virtual ns, and
 * (when a wall clock is given) when the first window started and the last one ended, so that a bench can time
 * the windows apart from start-up and the stats collection. Written by the guardian (one writer), read by
 * anyone; never read on the simulated path, and the wall clock is only ever written here, never read back by
 * the machine.
 */
public final class RunProgress {
  private static final LongSupplier NO_CLOCK = () -> 0L;

  private final LongSupplier wallClock;
  private volatile long virtualNs;
  private volatile long windows;
  private volatile long firstWindowWallNs;
  private volatile long windowsEndWallNs;
  private volatile String stopRequested;
  private volatile tdpsim.actors.trace.Tracer tracer;

  /** Progress without wall-clock stamps. */
  public RunProgress() {
    this(NO_CLOCK);
  }

  /** @param wallClock read once when the first window starts and once when the last one has ended */
  public RunProgress(LongSupplier wallClock) {
    this.wallClock = wallClock;
  }

  public void window(long windowEndNs, long windowCount) {
    if (windowCount == 1) {
      firstWindowWallNs = wallClock.getAsLong();
    }
    this.virtualNs = windowEndNs;
    this.windows = windowCount;
  }

  /** The last window has ended (the machine goes on to quiesce and collect stats). */
  public void windowsEnded() {
    windowsEndWallNs = wallClock.getAsLong();
  }

  /**
   * Asks the machine to stop at the next window edge (Ctrl-C): it then quiesces and reports what it has, with
   * {@code reason} as its stop reason. The first request wins.
   */
  public void requestStop(String reason) {
    if (stopRequested == null) {
      stopRequested = reason;
    }
  }

  /** The reason of a stop request, or null when none was made. */
  public String stopRequested() {
    return stopRequested;
  }

  public long virtualNs() {
    return virtualNs;
  }

  public long windows() {
    return windows;
  }

  /** Wall-clock ns from the first window's start to the last window's end; 0 without a clock or windows. */
  public long windowsWallNs() {
    long first = firstWindowWallNs;
    long end = windowsEndWallNs;
    return first == 0 || end < first ? 0 : end - first;
  }

  /** Traces the machine's events to {@code tracer} (null: no trace); set before the machine starts. */
  public RunProgress tracing(tdpsim.actors.trace.Tracer tracer) {
    this.tracer = tracer;
    return this;
  }

  /** The tracer the machine hands its entities, or null when tracing is off. */
  public tdpsim.actors.trace.Tracer tracer() {
    return tracer;
  }
}
