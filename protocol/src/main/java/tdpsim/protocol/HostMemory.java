package tdpsim.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages to the host memory manager: the source of MMU-notifier invalidations (reclaim, migration,
 * compaction, THP split/collapse, KSM), which it fires at their virtual times and completes after every
 * listener acknowledged.
 */
public interface HostMemory {
  /** Every message the host memory manager accepts. */
  sealed interface Command extends SimMessage permits RunWindow, ReportStats, Internal {}

  /** Hatch for the actor's private messages (acknowledgements via adapters). */
  non-sealed interface Internal extends Command {}

  /** Fire the host events due before {@code windowEndNs}; arrive at the window barrier once they completed. */
  record RunWindow(long windowEndNs) implements Command {}

  /** Ask for counters and histograms at the end of a run. */
  record ReportStats(ActorRef<EntityStats> replyTo) implements Command {
    public ReportStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }
}
