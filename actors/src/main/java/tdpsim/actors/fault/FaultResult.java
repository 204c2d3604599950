package tdpsim.actors.fault;

/**
 * The outcome of one fault, filled in by {@link TdpFaultHandler#handle}. A caller owns one instance and reuses
 * it, so the fault path allocates nothing.
 */
public final class FaultResult {
  /** What became of a fault; a shared enum constant, so setting it allocates nothing. */
  public enum Outcome {
    /** The entry is installed (or already was); retry the access. */
    RESOLVED,
    /** An invalidation of this gfn is in progress (or ended meanwhile): retry the fault later. */
    RETRY,
    /** The gfn lies outside every memslot: KVM would exit to userspace (MMIO or an error). */
    NO_MEMSLOT,
    /** A different frame is mapped: the table and the host disagree (a bug in the design under test). */
    CONFLICT
  }

  /** What became of the fault. */
  public Outcome outcome = Outcome.RESOLVED;
  /** Leaf level installed (1, 2 or 3) when resolved. */
  public int level;
  /** Virtual nanoseconds the handling took (without the VM exit, which the vCPU adds). */
  public long costNs;
  /** Host pages allocated (and zeroed) by this fault. */
  public long allocatedPages;
  /** True when this fault installed or upgraded an entry (not a spurious fault). */
  public boolean installed;
  /** Huge leaves split in place by this fault (dirty logging, split on first write). */
  public int splits;
  /** True when this fault installed KVM's MMIO SPTE for an emulated-MMIO gfn (outcome {@link Outcome#NO_MEMSLOT}). */
  public boolean mmioSpteInstalled;
  /** The caller's own cost stream; set once by the owner (null: the handler uses the medians). */
  public tdpsim.actors.cost.CostDraws draws;
  /** The caller's virtual time when the fault starts, set before each fault (for the host's zeroing queue). */
  public long nowNs;
  /** True when the fault allocated through the host's limited zeroing bandwidth ({@link #zeroWaitNs} is valid). */
  public boolean zeroQueued;
  /** How long this fault's allocations waited for the host's zeroing bandwidth, ns (included in costNs). */
  public long zeroWaitNs;

  void reset() {
    outcome = Outcome.RESOLVED;
    level = 0;
    costNs = 0;
    allocatedPages = 0;
    installed = false;
    splits = 0;
    mmioSpteInstalled = false;
    zeroQueued = false;
    zeroWaitNs = 0;
  }
}
