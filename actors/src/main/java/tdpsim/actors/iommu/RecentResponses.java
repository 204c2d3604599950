package tdpsim.actors.iommu;

/**
 * The unit's most recent page responses, for the drain's wait in virtual time.
 *
 * <p>A drain that starts at {@code T} must not complete before the response of any request raised before
 * {@code T} (Linux's {@code intel_iommu_drain_pasid_prq} waits for the queue, then for the outstanding page
 * responses). The engine hands the unit its messages in execution order, so a request's response can be applied
 * before the drain is handled while its virtual time is after {@code T}: a wait on "requests still pending" alone
 * then completes the drain before that response. Found 2026-12-08 in {@code dma-ring-invalidation.conf}: a response
 * at 1,055,326 ns to a request raised before a drain that started at 1,049,285 ns and counted it as answered.
 *
 * <p>Keeps the last {@code capacity} responses (VM, raise time, response time) in a ring; a drain asks for the
 * latest response time of its VM's requests raised at or before its start. Older responses are forgotten; with
 * the capacity at the page request queue's depth, a response is forgotten only after as many newer ones as the
 * queue holds. Owned by one actor; allocates nothing per response.
 */
final class RecentResponses {
  private final int[] vm;
  private final long[] raisedNs;
  private final long[] respondedNs;
  private int next;
  private int size;

  RecentResponses(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    vm = new int[capacity];
    raisedNs = new long[capacity];
    respondedNs = new long[capacity];
  }

  /** A response to a request of {@code vmIndex} raised at {@code raised}, applied at virtual time {@code responded}. */
  void record(int vmIndex, long raised, long responded) {
    vm[next] = vmIndex;
    raisedNs[next] = raised;
    respondedNs[next] = responded;
    next = (next + 1) % vm.length;
    size = Math.min(size + 1, vm.length);
  }

  /**
   * The latest response time among the remembered responses to {@code vmIndex}'s requests raised at or before
   * {@code startNs}; {@code Long.MIN_VALUE} when there is none.
   */
  long latestForRaisedBy(int vmIndex, long startNs) {
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      if (vm[i] == vmIndex && raisedNs[i] <= startNs) {
        latest = Math.max(latest, respondedNs[i]);
      }
    }
    return latest;
  }
}
