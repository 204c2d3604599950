package tdpsim.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages to an assigned (passed-through) device. A device replays its DMA pattern in batches through its
 * device TLB (ATS), the IOMMU's IOTLB and the page walk; misses become PRI page requests or fatal DMA faults.
 */
public interface AssignedDevice {
  /** Every message a device accepts. */
  sealed interface Command extends SimMessage
      permits RunWindow, PageResponse, InvalidateDevTlb, Quiesce, ReportStats, Internal {}

  /** Hatch for the actor's private messages. */
  non-sealed interface Internal extends Command {}

  /** Do DMA until the device's clock reaches {@code windowEndNs}, then arrive at the machine's window barrier. */
  record RunWindow(long windowEndNs) implements Command {}

  /**
   * PRI page group response for group {@code groupId}, whose first request was for {@code gfn}: {@code success}
   * false means the group failed (a DMA fault).
   */
  record PageResponse(long gfn, boolean success, long respondedNs, long groupId) implements Command {
    /** The response to a group of one request. */
    public PageResponse(long gfn, boolean success, long respondedNs) {
      this(gfn, success, respondedNs, 0);
    }
  }

  /** ATS invalidation of the device TLB for {@code [startGfn, endGfn)}; reply once no old translation is used. */
  record InvalidateDevTlb(long invalidationId, long startGfn, long endGfn, long sentNs,
      ActorRef<DevTlbInvalidated> replyTo) implements Command {
    public InvalidateDevTlb {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Completion of {@link InvalidateDevTlb}. */
  record DevTlbInvalidated(long invalidationId, int deviceIndex, long doneNs) implements SimMessage {}

  /**
   * Quiesce for stop-and-copy: stop starting DMA and finish what is in flight (a transfer waiting for a page
   * response completes first); reply {@link Quiesced}.
   */
  record Quiesce(ActorRef<Quiesced> replyTo) implements Command {
    public Quiesce {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** The device does no more DMA; nothing is in flight. */
  record Quiesced(int deviceIndex, long clockNs) implements SimMessage {}

  /** Ask for counters and histograms at the end of a run. */
  record ReportStats(ActorRef<EntityStats> replyTo) implements Command {
    public ReportStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }
}
