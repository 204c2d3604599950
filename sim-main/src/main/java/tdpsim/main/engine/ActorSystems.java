package tdpsim.main.engine;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/** The one way a run ends its actor system: terminate, then wait for it, never forever. */
public final class ActorSystems {
  private ActorSystems() {}

  /**
   * Terminates {@code system} and waits up to {@code timeoutSeconds} for it to end. The run's result is already
   * in hand, so a slow shutdown does not change it and is not an error; an interrupt is passed on.
   */
  public static void terminate(ActorSystem<?> system, int timeoutSeconds) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The result is already in hand.
    }
  }
}
