package tdpsim.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages to a VM's TDP MMU: device faults routed from the IOMMU's page request queue (the same fault handler
 * the vCPUs use, claim 3), MMU-notifier invalidations from the host (the zap path), and end-of-run requests.
 */
public interface TdpMmu {
  /** Every message the TDP MMU accepts. */
  sealed interface Command extends SimMessage
      permits Fault, Invalidate, InvalidateRangeEnd, ZapRange, Quiesce, ReportStats, Internal {}

  /** Hatch for the actor's private messages (flush and invalidation acknowledgements via adapters). */
  non-sealed interface Internal extends Command {}

  /**
   * A fault on {@code gfn} needing {@code access} (an {@link AccessKind} mask), raised at {@code raisedNs} by
   * {@code source} (an I/O page fault forwarded by the IOMMU in shared designs).
   */
  record Fault(long requestId, long gfn, int access, FaultSource source, long raisedNs,
      ActorRef<FaultResolved> replyTo) implements Command {
    public Fault {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * Outcome of a {@link Fault}: {@code mapped} when the entry is installed; {@code retry} when an invalidation of
   * the gfn is in progress (the requester answers so that the device retries, which never blocks a drain);
   * neither when the gfn is outside every memslot.
   */
  record FaultResolved(long requestId, long gfn, boolean mapped, boolean retry, int level, long resolvedNs)
      implements SimMessage {}

  /** Who raised a fault. */
  enum FaultSource {
    VCPU,
    DEVICE
  }

  /**
   * An MMU-notifier invalidation of {@code [startGfn, endGfn)} (invalidate_range_start): zap, flush TLBs,
   * invalidate IOTLBs and device TLBs where a device uses the table, drain, then acknowledge.
   */
  record Invalidate(
      long eventId, long startGfn, long endGfn, ZapCause cause, long raisedNs, ActorRef<InvalidateDone> replyTo)
      implements Command {
    public Invalidate {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * The invalidation is complete (invalidate_range_end may proceed): {@code performed} false when the design
   * kept the mapping (split in place, or the zap was avoided).
   */
  record InvalidateDone(long eventId, boolean performed, long doneNs) implements SimMessage {}

  /**
   * invalidate_range_end: the host has changed the pages of {@code [startGfn, endGfn)} (freed, moved, split),
   * so faults on the range may proceed again and must see the new frames. Until then a fault on it retries.
   */
  record InvalidateRangeEnd(long eventId, long startGfn, long endGfn) implements Command {}

  /** A zap the TDP MMU starts itself (memslot delete/move, dirty-logging start, NX-huge-page recovery). */
  record ZapRange(long eventId, long startGfn, long endGfn, ZapCause cause, long raisedNs,
      ActorRef<InvalidateDone> replyTo) implements Command {
    public ZapRange {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Reply {@link Quiesced} once no invalidation is in flight (end of run). */
  record Quiesce(ActorRef<Quiesced> replyTo) implements Command {
    public Quiesce {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** No invalidation is in flight on this VM's table. */
  record Quiesced(int vmIndex) implements SimMessage {}

  /** Ask for counters and histograms at the end of a run. */
  record ReportStats(ActorRef<EntityStats> replyTo) implements Command {
    public ReportStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }
}
