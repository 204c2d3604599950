package tdpsim.actors.cost;

import tdpsim.actors.cost.dist.Constant;
import tdpsim.actors.cost.dist.CostDistribution;

/**
 * The virtual-time cost of every simulated operation, in nanoseconds. Defaults and their sources are in
 * {@code reference.conf} under {@code tdpsim.cost} and in {@code docs/cost-model.md}; every one can be overridden
 * per scenario. Latencies in reports are sums of these, so a conclusion depends on the costs it sums.
 *
 * <p>The long components are the medians; {@code detail} holds each key's distribution (a constant unless the
 * scenario gives a distribution), the queue parameters and the seed of the cost streams. Actors draw through their
 * own {@link CostDraws}; code without a stream (start-up population, footprints) uses the medians.
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
    long dirtyLogClearPerPageNs,
    Detail detail) {

  public CostModel {
    if (detail == null) {
      detail = Detail.constants(new long[] {tlbHitNs, tdpWalkNs, vmExitNs, tdpFaultNs, pageAlloc4kNs, pageAlloc2mNs,
          pageAlloc1gNs, remoteTlbFlushNs, remoteTlbFlushPerVcpuNs, iotlbInvalidatePsiNs, iotlbInvalidateDsiNs,
          devtlbInvalidateNs, iommuWalkNs, priRequestNs, priResponseNs, drainNs, pinMap4kNs, prefault4kNs,
          harvestPerEntryNs, mmuNotifierNs, zapPerLeafNs, splitNs, inveptNs, pasidEntryUpdateNs,
          dirtyLogClearPerPageNs});
    }
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

  /**
   * All constant: the given medians, no host zeroing limit, and a page-request IRQ thread and worker that take no
   * time (so no page request ever waits in them).
   */
  public CostModel(long tlbHitNs, long tdpWalkNs, long vmExitNs, long tdpFaultNs, long pageAlloc4kNs,
      long pageAlloc2mNs, long pageAlloc1gNs, long remoteTlbFlushNs, long remoteTlbFlushPerVcpuNs,
      long iotlbInvalidatePsiNs, long iotlbInvalidateDsiNs, long devtlbInvalidateNs, long iommuWalkNs,
      long priRequestNs, long priResponseNs, long drainNs, long pinMap4kNs, long prefault4kNs,
      long harvestPerEntryNs, long mmuNotifierNs, long zapPerLeafNs, long splitNs, long inveptNs,
      long pasidEntryUpdateNs, long dirtyLogClearPerPageNs) {
    this(tlbHitNs, tdpWalkNs, vmExitNs, tdpFaultNs, pageAlloc4kNs, pageAlloc2mNs, pageAlloc1gNs, remoteTlbFlushNs,
        remoteTlbFlushPerVcpuNs, iotlbInvalidatePsiNs, iotlbInvalidateDsiNs, devtlbInvalidateNs, iommuWalkNs,
        priRequestNs, priResponseNs, drainNs, pinMap4kNs, prefault4kNs, harvestPerEntryNs, mmuNotifierNs,
        zapPerLeafNs, splitNs, inveptNs, pasidEntryUpdateNs, dirtyLogClearPerPageNs, null);
  }

  /** Default of {@code tdpsim.cost.invept} (assumption, see reference.conf). */
  public static final long DEFAULT_INVEPT_NS = 500;
  /** Default of {@code tdpsim.cost.pasid-entry-update} (assumption, see reference.conf). */
  public static final long DEFAULT_PASID_ENTRY_UPDATE_NS = 2_000;

  /** A model whose every key has the distribution {@code dists[key.ordinal()]}; the medians fill the components. */
  public static CostModel of(CostDistribution[] dists, long zeroingBytesPerSec, int prqWorkers, long seed) {
    long[] m = new long[CostKey.MODEL_COMPONENTS];
    for (int i = 0; i < m.length; i++) {
      m[i] = dists[i].medianNs();
    }
    Detail d = new Detail(dists, zeroingBytesPerSec, prqWorkers, seed);
    return new CostModel(m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], m[13],
        m[14], m[15], m[16], m[17], m[18], m[19], m[20], m[21], m[22], m[23], m[24], d);
  }

  /**
   * Distributions per {@link CostKey} (by ordinal) and the queue parameters.
   *
   * @param zeroingBytesPerSec host memory zeroing bandwidth shared by concurrent allocations; 0 = unlimited
   * @param prqWorkers workers of the page-request workqueue per IOMMU unit (at least 1)
   * @param seed the scenario seed the entities' cost streams derive from
   */
  public record Detail(CostDistribution[] dists, long zeroingBytesPerSec, int prqWorkers, long seed) {
    public Detail {
      if (dists.length != CostKey.values().length) {
        throw new IllegalArgumentException("one distribution per cost key: " + dists.length);
      }
      if (zeroingBytesPerSec < 0 || prqWorkers < 1) {
        throw new IllegalArgumentException("zeroing bandwidth >= 0 and prq workers >= 1");
      }
      dists = dists.clone();
    }

    static Detail constants(long[] components) {
      CostDistribution[] d = new CostDistribution[CostKey.values().length];
      for (int i = 0; i < d.length; i++) {
        d[i] = new Constant(i < components.length ? Math.max(0, components[i]) : 0);
      }
      return new Detail(d, 0, 1, 0);
    }

    public CostDistribution of(CostKey key) {
      return dists[key.ordinal()];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Detail d && java.util.Arrays.equals(d.dists, dists)
          && d.zeroingBytesPerSec == zeroingBytesPerSec && d.prqWorkers == prqWorkers && d.seed == seed;
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(dists);
    }
  }

  /** The defaults of {@code reference.conf} as constants (their medians), for tests and the benchmarks. */
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
