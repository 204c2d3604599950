package tdpsim.actors.memory;

/**
 * A VM's {@code mmu_lock} (KVM's rwlock) in virtual time: writers hold it over an interval of virtual time,
 * readers that arrive inside a writer's interval wait until its end. Writers in KVM are the MMU-notifier zaps
 * ({@code __kvm_handle_hva_range}), memslot zaps ({@code kvm_mmu_zap_all_fast} / the slot zap), dirty-log clears
 * ({@code clear_dirty_pt_masked}) and NX-huge-page recovery; the hold covers the zap and the remote TLB flush
 * ({@code kvm_flush_remote_tlbs} runs with the lock held) and, in the shared designs, the IOTLB and device-TLB
 * invalidations the 2023 RFC ran synchronously from the flush. Readers are vCPU faults
 * ({@code kvm_tdp_page_fault}) and device page requests handled by the TDP MMU. The table's own concurrency
 * (lock stripes, CAS) is separate: this gate only says how long a reader waited in virtual time.
 *
 * <p>Writer API. The TDP MMU is the one asynchronous writer: {@link #acquireWrite} when its zap starts (the
 * hold stays open while flush and invalidation acknowledgements are outstanding), {@link #releaseWrite} when
 * they are all in. Any other writer whose hold length is known when it starts — e.g. a dirty-log harvest that
 * holds the write lock for {@code pages x clear cost} — calls {@link #holdWrite(long, long)}, which records a
 * closed hold at once; it returns {@link #BLOCKED} while the TDP MMU's hold is open (retry later, e.g. on the
 * next message), else the virtual time the hold starts (at or after the previous writer's end: writers queue).
 * The VM's gate is {@code vm.tdpFaults().mmuLock()} (one per VM, next to its {@code InvalidationTracker}).
 *
 * <p>Reader API. {@link #readWaitNs(long)}: 0 outside every hold; {@code end - now} inside a closed hold;
 * {@link #BLOCKED} inside a hold that is still open (the caller retries once it closes, without advancing its
 * clock, and is then charged the wait).
 *
 * <p>Implementation notes. The last {@link #HISTORY} closed holds are kept in a ring; holds never overlap and
 * start in increasing order. The reader's fast path (nothing open at or before {@code now}, {@code now} after the
 * last hold) reads two volatiles and no lock; otherwise it takes this object's monitor, which is per VM and
 * contended only near holds. Simplified: a writer does not wait for readers already inside (KVM's rwlock makes
 * it); a reader older than the ring's oldest hold is not charged.
 */
public final class MmuLockGate {
  /** The lock is write-held by a hold that has not ended yet: retry after it ends. */
  public static final long BLOCKED = -1;
  /** Closed holds kept for readers whose clock lags behind. */
  static final int HISTORY = 64;
  private static final long NONE = Long.MAX_VALUE;

  private final long[] starts = new long[HISTORY];
  private final long[] ends = new long[HISTORY];
  private int count;
  private int head;
  /** Start of the open hold, or NONE. Written before {@link #lastEndNs} is read by readers (see readWaitNs). */
  private volatile long openStartNs = NONE;
  /** End of the latest closed hold (0 if none). */
  private volatile long lastEndNs;
  private long writeHolds;
  private long writeHeldNs;

  /**
   * The asynchronous writer (the TDP MMU) asks for the lock at {@code requestNs}; the hold starts at the returned
   * time (after the previous writer's end) and stays open until {@link #releaseWrite}.
   *
   * @throws IllegalStateException if a hold is already open (the TDP MMU runs one zap at a time)
   */
  public synchronized long acquireWrite(long requestNs) {
    if (openStartNs != NONE) {
      throw new IllegalStateException("mmu_lock already write-held since " + openStartNs + " ns");
    }
    long start = Math.max(requestNs, lastEndNs);
    openStartNs = start;
    return start;
  }

  /** The open hold ends at {@code endNs} (not before its start): readers inside it wait until then. */
  public synchronized void releaseWrite(long endNs) {
    long start = openStartNs;
    if (start == NONE) {
      throw new IllegalStateException("mmu_lock is not write-held");
    }
    close(start, Math.max(start, endNs));
    openStartNs = NONE;
  }

  /**
   * A writer with a known hold length: {@code [start, start + holdNs)} with {@code start = max(requestNs, end of
   * the previous hold)}.
   *
   * @return the start, or {@link #BLOCKED} while another writer's hold is open (nothing recorded)
   */
  public synchronized long holdWrite(long requestNs, long holdNs) {
    if (openStartNs != NONE) {
      return BLOCKED;
    }
    long start = Math.max(requestNs, lastEndNs);
    close(start, start + Math.max(0, holdNs));
    return start;
  }

  private void close(long start, long end) {
    starts[head] = start;
    ends[head] = end;
    head = (head + 1) % HISTORY;
    count = Math.min(count + 1, HISTORY);
    writeHolds++;
    writeHeldNs += end - start;
    lastEndNs = end;
  }

  /** True while the asynchronous writer's hold is open. */
  public boolean isWriteOpen() {
    return openStartNs != NONE;
  }

  /**
   * How long a reader arriving at {@code nowNs} waits: 0, {@code end - nowNs} inside a closed hold, or
   * {@link #BLOCKED} inside (or after the start of) the open hold.
   */
  public long readWaitNs(long nowNs) {
    long open = openStartNs;
    if (open <= nowNs) {
      return BLOCKED;
    }
    if (nowNs >= lastEndNs) {
      return 0;
    }
    synchronized (this) {
      for (int k = 1; k <= count; k++) {
        int i = Math.floorMod(head - k, HISTORY);
        if (nowNs >= ends[i]) {
          return 0;
        }
        if (nowNs >= starts[i]) {
          return ends[i] - nowNs;
        }
      }
      return 0;
    }
  }

  /** Closed write holds so far. */
  public synchronized long writeHolds() {
    return writeHolds;
  }

  /** Virtual time the lock was write-held, summed over closed holds. */
  public synchronized long writeHeldNs() {
    return writeHeldNs;
  }
}
