package tdpsim.actors;

import java.time.Duration;

/** How long an actor test waits to be sure that a message does not come. */
public final class Quiet {
  /**
   * 300 ms. Every message these tests wait for (or rule out) is sent by the handler of a message the test sent
   * just before: no timers, no wall-clock delays. A message that should not be sent could therefore only show up
   * late if the dispatcher was slow to run that handler, which on two cores shared with other builds takes well
   * under 100 ms (the test kit's default window, which is also scaled by the time factor). Three times that
   * keeps a broken actor from passing by luck, and each call costs 0.3 s of test time.
   */
  public static final Duration WINDOW = Duration.ofMillis(300);

  private Quiet() {}
}
