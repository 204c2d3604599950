package tdpsim.actors.flush;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import tdpsim.actors.wiring.Directory;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Vcpu;

/**
 * The fan-out of one VM's remote flush and the counting of its acknowledgements, written once for every actor
 * that changes the table under its walkers. {@link #flushRemoteTlbsRange} is KVM's
 * {@code kvm_flush_remote_tlbs_range} (every vCPU of the VM drops the range and acknowledges);
 * {@link #invalidateIotlbs} is the VT-d page-selective IOTLB invalidation, sent to every IOMMU unit that serves
 * the VM's devices (each unit also invalidates the device TLBs behind it and acknowledges once). What a flush
 * costs and when the caller proceeds stay with the caller: it hands each acknowledgement to its {@link Acks}.
 */
public final class RemoteTlbFlush {
  private RemoteTlbFlush() {}

  /**
   * Asks every vCPU of VM {@code vm} to flush {@code [startGfn, endGfn)} from its TLB, replying to
   * {@code replyTo} with {@code flushId}; returns how many acknowledgements to expect (0: the VM has no vCPU).
   */
  public static int flushRemoteTlbsRange(Directory directory, int vm, long flushId, long startGfn, long endGfn,
      long nowNs, ActorRef<Vcpu.TlbFlushed> replyTo) {
    List<ActorRef<Vcpu.Command>> vcpus = directory.vcpusOf(vm);
    for (ActorRef<Vcpu.Command> vcpu : vcpus) {
      vcpu.tell(new Vcpu.FlushTlb(flushId, startGfn, endGfn, nowNs, replyTo));
    }
    return vcpus.size();
  }

  /**
   * Asks every IOMMU unit that serves VM {@code vm} to invalidate {@code [startGfn, endGfn)} of the VM's domain
   * in its IOTLB and device TLBs, replying to {@code replyTo} with {@code invalidationId}; returns how many
   * acknowledgements to expect (0: no unit serves the VM).
   */
  public static int invalidateIotlbs(Directory directory, int vm, long invalidationId, long startGfn,
      long endGfn, long nowNs, ActorRef<Iommu.IotlbInvalidated> replyTo) {
    int[] units = directory.unitsOfVm(vm);
    for (int unit : units) {
      directory.iommu(unit).tell(new Iommu.InvalidateIotlb(invalidationId, vm, startGfn, endGfn, nowNs,
          replyTo));
    }
    return units.length;
  }

  /**
   * The acknowledgements one fan-out waits for: those carrying its id, until the expected number arrived,
   * keeping the latest completion time. An acknowledgement with another id, or one after the last, is ignored.
   * Not thread-safe: one per actor.
   */
  public static final class Acks {
    /** The id the awaited acknowledgements carry. */
    private long id;
    /** Acknowledgements still to come; 0 when nothing is awaited. */
    private int pending;
    /** The latest completion time seen, starting from the time the fan-out was sent. */
    private long maxDoneNs;

    /** Starts waiting for {@code count} acknowledgements carrying {@code id}, the fan-out sent at {@code nowNs}. */
    public void expect(long id, int count, long nowNs) {
      this.id = id;
      this.pending = count;
      this.maxDoneNs = nowNs;
    }

    /** True while acknowledgements are still to come. */
    public boolean isPending() {
      return pending > 0;
    }

    /**
     * Counts one acknowledgement done at {@code doneNs}; returns true if it was the last one awaited. An
     * acknowledgement that is not awaited changes nothing and returns false.
     */
    public boolean ack(long ackId, long doneNs) {
      if (pending == 0 || ackId != id) {
        return false;
      }
      maxDoneNs = Math.max(maxDoneNs, doneNs);
      return --pending == 0;
    }

    /** The latest of the fan-out's send time and the completion times acknowledged so far. */
    public long maxDoneNs() {
      return maxDoneNs;
    }
  }
}
