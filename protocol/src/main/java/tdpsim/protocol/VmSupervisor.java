package tdpsim.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of a VM's supervisor, which spawns the VM's vCPUs, TDP MMU and migration, registers them with the
 * machine, runs the VM's part of each time window (its vCPUs, devices and migration) as one barrier member, and
 * stops the VM (failing the run with the reason) when one of them fails.
 */
public interface VmSupervisor {
  /** Every message a VM supervisor accepts. */
  sealed interface Command extends SimMessage permits RunWindow, Internal {}

  /** Hatch for the actor's private messages. */
  non-sealed interface Internal extends Command {}

  /** The VM's actors are spawned and registered: the machine may start its windows. */
  record VmReady(int vmIndex) implements SimMessage {}

  /**
   * Run the VM's vCPUs, devices and migration to {@code windowEndNs}; reply {@link WindowDone} when all of them
   * have (a per-VM barrier, so the machine's barrier waits for one reply per VM).
   */
  record RunWindow(long windowEndNs, ActorRef<WindowDone> replyTo) implements Command {
    public RunWindow {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** The VM's part of the window is done; {@code idle} when nothing in it will ever run again. */
  record WindowDone(int vmIndex, long windowEndNs, boolean idle) implements SimMessage {}
}
