package tdpsim.actors.iommu;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import tdpsim.protocol.AssignedDevice;

/**
 * An IOMMU unit's page request queue (VT-d PRQ): PRI page requests received and not yet answered, in arrival
 * order, bounded by the queue depth (Linux: 2048 entries per unit). A drain waits for every request received
 * before it to be answered. Requests remember their page request group, answered as one.
 */
public final class PageRequestQueue {
  /** One outstanding page request. */
  public record Entry(long id, int deviceIndex, int vmIndex, long gfn, int access, long raisedNs,
      ActorRef<AssignedDevice.Command> replyTo, long groupId) {}

  private final int depth;
  private final Map<Long, Entry> pending = new LinkedHashMap<>();
  private long lastId;

  public PageRequestQueue(int depth) {
    if (depth <= 0) {
      throw new IllegalArgumentException("page request queue depth must be positive: " + depth);
    }
    this.depth = depth;
  }

  public boolean isFull() {
    return pending.size() >= depth;
  }

  /** Queue a request; the queue must not be full. Returns its id (ascending). */
  public long add(int deviceIndex, int vmIndex, long gfn, int access, long raisedNs,
      ActorRef<AssignedDevice.Command> replyTo) {
    return add(deviceIndex, vmIndex, gfn, access, raisedNs, replyTo, 0);
  }

  /** Queue a request of page request group {@code groupId} of its device; the queue must not be full. */
  public long add(int deviceIndex, int vmIndex, long gfn, int access, long raisedNs,
      ActorRef<AssignedDevice.Command> replyTo, long groupId) {
    if (isFull()) {
      throw new IllegalStateException("page request queue full");
    }
    long id = ++lastId;
    pending.put(id, new Entry(id, deviceIndex, vmIndex, gfn, access, raisedNs, replyTo, groupId));
    return id;
  }

  /** The answered request, removed; null if unknown. */
  public Entry complete(long id) {
    return pending.remove(id);
  }

  /** The id of the newest request received so far (a drain's horizon). */
  public long lastId() {
    return lastId;
  }

  /** True while a request of {@code vmIndex} received at or before {@code horizonId} is unanswered. */
  public boolean hasPendingUpTo(int vmIndex, long horizonId) {
    Iterator<Entry> it = pending.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (e.id() > horizonId) {
        return false;
      }
      if (e.vmIndex() == vmIndex) {
        return true;
      }
    }
    return false;
  }

  public int size() {
    return pending.size();
  }
}
