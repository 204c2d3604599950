package tdpsim.protocol;

import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages to the machine guardian, which runs one design on one scenario: it starts the VMs, advances virtual
 * time window by window (a barrier between windows) and collects every entity's stats at the end.
 */
public interface Machine {
  /** Every message the guardian accepts. */
  sealed interface Command extends SimMessage permits Start, Internal {}

  /** Hatch for the guardian's private messages (window acknowledgements via adapters). */
  non-sealed interface Internal extends Command {}

  /** Run the whole simulation and reply {@link Finished}. */
  record Start(ActorRef<Finished> replyTo) implements Command {
    public Start {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * The run is over: {@code complete} false when it stopped early (an invariant violation or a failure, said in
   * {@code stopReason}, empty when complete); {@code entities} holds every entity's stats.
   */
  record Finished(boolean complete, String stopReason, long virtualNs, long windows, List<EntityStats> entities)
      implements SimMessage {
    public Finished {
      entities = List.copyOf(entities);
    }
  }
}
