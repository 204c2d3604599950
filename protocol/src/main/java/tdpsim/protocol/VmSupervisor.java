package tdpsim.protocol;

/**
 * Messages of a VM's supervisor, which spawns the VM's vCPUs, TDP MMU and migration, registers them with the
 * machine, and stops the VM (failing the run with the reason) when one of them fails. It takes no part in the
 * windows: the VM's entities arrive at the machine's window barrier themselves.
 */
public interface VmSupervisor {
  /** Every message a VM supervisor accepts: none of its own yet, only the actor's private ones. */
  sealed interface Command extends SimMessage permits Internal {}

  /** Hatch for the actor's private messages. */
  non-sealed interface Internal extends Command {}

  /** The VM's actors are spawned and registered: the machine may start its windows. */
  record VmReady(int vmIndex) implements SimMessage {}
}
