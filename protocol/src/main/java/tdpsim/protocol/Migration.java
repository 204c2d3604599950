package tdpsim.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages to a VM's live-migration actor: it starts dirty tracking, runs pre-copy rounds (harvest, flush,
 * send at the link's bandwidth in virtual time) and the final stop-and-copy, advancing with the machine's
 * time windows.
 */
public interface Migration {
  /** Every message the migration actor accepts. */
  sealed interface Command extends SimMessage permits RunWindow, ReportStats, Internal {}

  /** Hatch for the actor's private messages (flush and pause acknowledgements via adapters). */
  non-sealed interface Internal extends Command {}

  /** Run the migration's steps due before {@code windowEndNs}; arrive at the window barrier. */
  record RunWindow(long windowEndNs) implements Command {}

  /** Ask for counters (per-round figures included) at the end of a run. */
  record ReportStats(ActorRef<EntityStats> replyTo) implements Command {
    public ReportStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }
}
