package tdpsim.protocol;

import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages to an IOMMU unit's software side: the page request queue (PRI), the invalidation queue (IOTLB and
 * device-TLB invalidations with a wait descriptor), drains, and, in {@code separate-iopf}, the IOMMU driver's
 * own MMU notifier. The hardware translation path (IOTLB lookup and walk) is not a message: a device calls it.
 */
public interface Iommu {
  /** Every message an IOMMU unit accepts. */
  sealed interface Command extends SimMessage
      permits PageRequest, InvalidateIotlb, MmuNotifierInvalidate, MmuNotifierInvalidateEnd, SwitchRoot,
          ReportStats, Internal {}

  /** Hatch for the actor's private messages. */
  non-sealed interface Internal extends Command {}

  /**
   * A PRI page request from {@code deviceIndex} for {@code gfn} in the domain of VM {@code vmIndex}, raised at
   * {@code raisedNs}, one of page request group {@code groupId} of that device; {@code lastInGroup} is the PRI
   * "last page request in group" flag (LPIG). The group is answered with one {@link AssignedDevice.PageResponse}.
   */
  record PageRequest(int deviceIndex, int vmIndex, long gfn, int access, long raisedNs,
      ActorRef<AssignedDevice.Command> replyTo, long groupId, boolean lastInGroup) implements Command {
    public PageRequest {
      Objects.requireNonNull(replyTo, "replyTo");
    }

    /** A group of one request. */
    public PageRequest(int deviceIndex, int vmIndex, long gfn, int access, long raisedNs,
        ActorRef<AssignedDevice.Command> replyTo) {
      this(deviceIndex, vmIndex, gfn, access, raisedNs, replyTo, 0, true);
    }
  }

  /**
   * Invalidate cached translations of {@code [startGfn, endGfn)} in VM {@code vmIndex}'s domain: the IOTLB
   * (page-selective, or domain-selective past the configured size) and the device TLBs of ATS devices; reply
   * {@link IotlbInvalidated}. No page-request drain: the driver drains only at PASID/domain teardown and at a
   * root switch ({@link SwitchRoot}).
   */
  record InvalidateIotlb(long invalidationId, int vmIndex, long startGfn, long endGfn, long sentNs,
      ActorRef<IotlbInvalidated> replyTo) implements Command {
    public InvalidateIotlb {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * A new second-stage root for VM {@code vmIndex}'s domain (KVM built new roots: {@code kvm_mmu_zap_all_fast} in a
   * shared table): update the PASID/context entry, domain-selective IOTLB invalidation, full device-TLB
   * invalidation of ATS devices, then drain the page requests in flight ({@code intel_iommu_drain_pasid_prq});
   * reply {@link IotlbInvalidated}.
   */
  record SwitchRoot(long invalidationId, int vmIndex, long sentNs, ActorRef<IotlbInvalidated> replyTo)
      implements Command {
    public SwitchRoot {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** Acknowledgement of {@link InvalidateIotlb}, {@link MmuNotifierInvalidate} or {@link SwitchRoot}. */
  record IotlbInvalidated(long invalidationId, int unit, long doneNs) implements SimMessage {}

  /**
   * The IOMMU driver's own MMU notifier ({@code separate-iopf}): unmap the range from the IOMMU's own table,
   * then invalidate and drain as {@link InvalidateIotlb}.
   */
  record MmuNotifierInvalidate(long invalidationId, int vmIndex, long startGfn, long endGfn, long sentNs,
      ActorRef<IotlbInvalidated> replyTo) implements Command {
    public MmuNotifierInvalidate {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /** The IOMMU driver's own notifier's invalidate_range_end ({@code separate-iopf}): faults may map again. */
  record MmuNotifierInvalidateEnd(long invalidationId, int vmIndex, long startGfn, long endGfn) implements Command {}

  /** Ask for counters and histograms at the end of a run. */
  record ReportStats(ActorRef<EntityStats> replyTo) implements Command {
    public ReportStats {
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }
}
