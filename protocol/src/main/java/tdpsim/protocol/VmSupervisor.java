package tdpsim.protocol;

import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of a VM's supervisor, which spawns the VM's vCPUs, TDP MMU and migration, reports their refs to the
 * machine, and stops the VM (failing the run with the reason) when one of them fails. It takes no part in the
 * windows: the VM's entities arrive at the machine's window barrier themselves.
 */
public interface VmSupervisor {
  /** Every message a VM supervisor accepts: none of its own yet, only the actor's private ones. */
  sealed interface Command extends SimMessage permits Internal {}

  /** Hatch for the actor's private messages. */
  non-sealed interface Internal extends Command {}

  /**
   * The VM's actors are spawned: the machine adds their refs to its directory and may start its windows.
   *
   * @param vcpus the VM's vCPUs in index order
   * @param migration the VM's migration actor, or null when it does not migrate
   */
  record VmReady(int vmIndex, List<ActorRef<Vcpu.Command>> vcpus, ActorRef<TdpMmu.Command> mmu,
      ActorRef<Migration.Command> migration) implements SimMessage {
    public VmReady {
      vcpus = List.copyOf(vcpus);
      Objects.requireNonNull(mmu, "mmu");
    }
  }
}
