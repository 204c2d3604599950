package tdpsim.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages to a vCPU. A vCPU replays its workload's accesses against its TLB and the TDP table itself (batched,
 * no message per access) and handles its own faults in vCPU context, as KVM does; only time windows, remote TLB
 * flushes (the IPI + INVEPT of a zap) and stats collection are messages.
 */
public interface Vcpu {
  /** Every message a vCPU accepts. */
  sealed interface Command extends SimMessage permits RunWindow, FlushTlb, Pause, ReportStats, Internal {}

  /** Hatch for the actor's private messages (continuations of a window). */
  non-sealed interface Internal extends Command {}

  /**
   * Run accesses until the vCPU's virtual clock reaches {@code windowEndNs}, then arrive at the machine's window
   * barrier (a shared counter, not a reply message: {@code WindowBarrier} in the actors module).
   */
  record RunWindow(long windowEndNs) implements Command {}

  /**
   * A remote TLB flush (IPI + INVEPT) for {@code [startGfn, endGfn)} of this VM, sent by the TDP MMU after a
   * zap at virtual time {@code sentNs}. The vCPU drops the cached translations and acknowledges.
   */
  record FlushTlb(long flushId, long startGfn, long endGfn, long sentNs, ActorRef<TlbFlushed> replyTo)
      implements Command {
    public FlushTlb {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Acknowledgement of {@link FlushTlb}: no translation of the range is cached any more. */
  record TlbFlushed(long flushId, int vcpuIndex, long doneNs) implements SimMessage {}

  /** Stop running guest code (stop-and-copy of a live migration); reply {@link Paused} between accesses. */
  record Pause(ActorRef<Paused> replyTo) implements Command {
    public Pause {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** The vCPU no longer accesses memory. */
  record Paused(int vmIndex, int vcpuIndex, long clockNs) implements SimMessage {}

  /** Ask for the vCPU's counters and latency histograms at the end of a run. */
  record ReportStats(ActorRef<EntityStats> replyTo) implements Command {
    public ReportStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }
}
