package tdpsim.actors.cost;

/**
 * The virtual-time cost of every simulated operation, in nanoseconds. Defaults and their sources are in
 * {@code reference.conf} under {@code tdpsim.cost} and in {@code docs/cost-model.md}; every one can be overridden
 * per scenario. Latencies in reports are sums of these, so a conclusion depends on the costs it sums.
 */
public record CostModel(
    long tlbHitNs,
    long tdpWalkNs,
    long vmExitNs,
    long tdpFaultNs,
    long pageAlloc4kNs,
    long pageAlloc2mNs,
    long pageAlloc1gNs,
    long remoteTlbFlushNs,
    long remoteTlbFlushPerVcpuNs,
    long iotlbInvalidatePsiNs,
    long iotlbInvalidateDsiNs,
    long devtlbInvalidateNs,
    long iommuWalkNs,
    long priRequestNs,
    long priResponseNs,
    long drainNs,
    long pinMap4kNs,
    long prefault4kNs,
    long harvestPerEntryNs,
    long mmuNotifierNs,
    long zapPerLeafNs,
    long splitNs,
    long inveptNs,
    long pasidEntryUpdateNs,
    long dirtyLogClearPerPageNs) {

  public CostModel {
    long[] all = {tlbHitNs, tdpWalkNs, vmExitNs, tdpFaultNs, pageAlloc4kNs, pageAlloc2mNs, pageAlloc1gNs,
        remoteTlbFlushNs, remoteTlbFlushPerVcpuNs, iotlbInvalidatePsiNs, iotlbInvalidateDsiNs, devtlbInvalidateNs,
        iommuWalkNs, priRequestNs, priResponseNs, drainNs, pinMap4kNs, prefault4kNs, harvestPerEntryNs,
        mmuNotifierNs, zapPerLeafNs, splitNs, inveptNs, pasidEntryUpdateNs, dirtyLogClearPerPageNs};
    for (long v : all) {
      if (v < 0) {
        throw new IllegalArgumentException("costs must not be negative: " + v);
      }
    }
  }

  /** The costs before {@code invept} and {@code pasid-entry-update} existed; those two take their defaults. */
  public CostModel(long tlbHitNs, long tdpWalkNs, long vmExitNs, long tdpFaultNs, long pageAlloc4kNs,
      long pageAlloc2mNs, long pageAlloc1gNs, long remoteTlbFlushNs, long remoteTlbFlushPerVcpuNs,
      long iotlbInvalidatePsiNs, long iotlbInvalidateDsiNs, long devtlbInvalidateNs, long iommuWalkNs,
      long priRequestNs, long priResponseNs, long drainNs, long pinMap4kNs, long prefault4kNs,
      long harvestPerEntryNs, long mmuNotifierNs, long zapPerLeafNs, long splitNs) {
    this(tlbHitNs, tdpWalkNs, vmExitNs, tdpFaultNs, pageAlloc4kNs, pageAlloc2mNs, pageAlloc1gNs, remoteTlbFlushNs,
        remoteTlbFlushPerVcpuNs, iotlbInvalidatePsiNs, iotlbInvalidateDsiNs, devtlbInvalidateNs, iommuWalkNs,
        priRequestNs, priResponseNs, drainNs, pinMap4kNs, prefault4kNs, harvestPerEntryNs, mmuNotifierNs,
        zapPerLeafNs, splitNs, DEFAULT_INVEPT_NS, DEFAULT_PASID_ENTRY_UPDATE_NS,
        DEFAULT_DIRTY_LOG_CLEAR_PER_PAGE_NS);
  }

  /** The costs before {@code dirty-log-clear-per-page} existed; it takes its default. */
  public CostModel(long tlbHitNs, long tdpWalkNs, long vmExitNs, long tdpFaultNs, long pageAlloc4kNs,
      long pageAlloc2mNs, long pageAlloc1gNs, long remoteTlbFlushNs, long remoteTlbFlushPerVcpuNs,
      long iotlbInvalidatePsiNs, long iotlbInvalidateDsiNs, long devtlbInvalidateNs, long iommuWalkNs,
      long priRequestNs, long priResponseNs, long drainNs, long pinMap4kNs, long prefault4kNs,
      long harvestPerEntryNs, long mmuNotifierNs, long zapPerLeafNs, long splitNs, long inveptNs,
      long pasidEntryUpdateNs) {
    this(tlbHitNs, tdpWalkNs, vmExitNs, tdpFaultNs, pageAlloc4kNs, pageAlloc2mNs, pageAlloc1gNs, remoteTlbFlushNs,
        remoteTlbFlushPerVcpuNs, iotlbInvalidatePsiNs, iotlbInvalidateDsiNs, devtlbInvalidateNs, iommuWalkNs,
        priRequestNs, priResponseNs, drainNs, pinMap4kNs, prefault4kNs, harvestPerEntryNs, mmuNotifierNs,
        zapPerLeafNs, splitNs, inveptNs, pasidEntryUpdateNs, DEFAULT_DIRTY_LOG_CLEAR_PER_PAGE_NS);
  }

  /** Default of {@code tdpsim.cost.dirty-log-clear-per-page} (sourced, see reference.conf). */
  public static final long DEFAULT_DIRTY_LOG_CLEAR_PER_PAGE_NS = 66;

  /** Default of {@code tdpsim.cost.invept} (assumption, see reference.conf). */
  public static final long DEFAULT_INVEPT_NS = 500;
  /** Default of {@code tdpsim.cost.pasid-entry-update} (assumption, see reference.conf). */
  public static final long DEFAULT_PASID_ENTRY_UPDATE_NS = 2_000;

  /** The defaults of {@code reference.conf}, for tests and the benchmarks. */
  public static CostModel defaults() {
    return new CostModel(1, 60, 1_000, 2_000, 1_000, 75_000, 40_000_000, 2_000, 250, 1_500, 3_500, 20_000,
        500, 10_000, 5_000, 1_000, 500, 300, 2, 500, 5, 3_000);
  }

  /** Host page allocation and zeroing for a backing page at {@code level} (1, 2 or 3). */
  public long pageAllocNs(int level) {
    return switch (level) {
      case 1 -> pageAlloc4kNs;
      case 2 -> pageAlloc2mNs;
      case 3 -> pageAlloc1gNs;
      default -> throw new IllegalArgumentException("level " + level);
    };
  }

  /** A remote TLB flush (IPI to every running vCPU of the VM + INVEPT), which grows with the vCPU count. */
  public long remoteTlbFlushNs(int vcpus) {
    return remoteTlbFlushNs + remoteTlbFlushPerVcpuNs * Math.max(0, vcpus - 1);
  }
}
