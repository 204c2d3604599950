package tdpsim.main;

import java.util.List;
import java.util.Locale;
import tdpsim.loadgen.scenario.MemslotSettings;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.loadgen.scenario.VmSettings;
import tdpsim.protocol.Mode;

/**
 * A floor on the heap a design of a scenario needs, from what the machine holds whatever the workload does: the
 * entities (vCPU and device actors with their state, ~5.8 KB each as measured by {@code bench --scale-entities},
 * docs/performance.md), each VM's host-frame chunk index (4 bytes per 2 MiB of guest-physical space), and the
 * tables a pinning design fills at start (8 bytes per leaf, as {@code bench --scale-memory} measured: 1.01x the
 * tables). Pages faulted on demand come on top, so a run can still need more; a scenario whose floor exceeds
 * {@link Runtime#maxMemory()} is refused at load rather than failing an hour in.
 */
public final class HeapEstimate {
  static final long BYTES_PER_ENTITY = 5_800;
  static final long BASE_BYTES = 64L << 20;
  static final long TLB_BYTES_PER_ENTRY = 17;
  private static final long GIB = 1L << 30;

  private HeapEstimate() {}

  /** The floor for one design, in bytes. */
  public static long bytes(Scenario scenario, Mode mode) {
    long entities = scenario.totalVcpusLong() + scenario.devices().size();
    long bytes = BASE_BYTES + entities * BYTES_PER_ENTITY;
    // Each TLB is arrays of tags and pfns (8 + 8 bytes per entry, and a byte per set); the 5.8 KB per entity
    // above was measured with 64-entry TLBs.
    for (VmSettings vm : scenario.vms()) {
      bytes += (long) vm.vcpus() * Math.max(0, vm.tlbEntries() - 64) * TLB_BYTES_PER_ENTRY;
    }
    for (var device : scenario.devices()) {
      bytes += (long) Math.max(0, device.devtlbEntries() - 16) * TLB_BYTES_PER_ENTRY;
    }
    bytes += (long) scenario.host().iommuUnits() * scenario.iommu().iotlbEntries() * (TLB_BYTES_PER_ENTRY + 4);
    boolean[] hasDevices = new boolean[scenario.vms().size()];
    scenario.devices().forEach(d -> hasDevices[d.vmIndex()] = true);
    long iommuLeaf = scenario.iommu().maxLeaf().bytes();
    for (VmSettings vm : scenario.vms()) {
      bytes += (vm.maxGfn() >>> 9) * 4 + 64;
      boolean pinned = mode.isPinsGuestMemory() && hasDevices[vm.index()];
      if (pinned) {
        for (MemslotSettings slot : vm.memslots()) {
          long leaf = Math.min(slot.backing().bytes(), iommuLeaf);
          bytes += slot.sizeBytes() / leaf * 8;
        }
      }
    }
    return bytes;
  }

  /**
   * Throws a one-line {@link UserException} when a design's floor exceeds {@code maxHeap}: "needs about N GiB
   * of heap; run with -XmxMg or fewer VMs".
   */
  public static void check(String origin, Scenario scenario, List<Mode> modes, long maxHeap) {
    for (Mode mode : modes) {
      long need = bytes(scenario, mode);
      if (need > maxHeap) {
        long gib = (need + GIB - 1) / GIB;
        long xmx = (long) Math.ceil(need * 1.25 / GIB);
        throw new UserException(String.format(Locale.ROOT,
            "%s: %d VMs, %d vCPUs and %d devices in design %s need about %d GiB of heap (this JVM has %.1f GiB); "
                + "run with -Xmx%dg or fewer VMs", origin, scenario.vms().size(), scenario.totalVcpusLong(),
            scenario.devices().size(), mode.configName(), gib, maxHeap / (double) GIB, xmx));
      }
    }
  }
}
