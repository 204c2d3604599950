package tdpsim.actors.wiring;

import java.util.List;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableSettings;
import tdpsim.protocol.Mode;

/**
 * One small VM and its config for actor tests, built in one place so that a change of {@link VmContext}'s or
 * {@link SimConfig}'s shape touches only this file. Default costs (constants): a person can add them up.
 */
public final class TestVms {
  private TestVms() {}

  /**
   * VM {@code index} with one memslot {@code [0, pages)} backed by pages of {@code backingLevel}, a 4-level TDP
   * table allowing leaves up to 2 MiB, {@code vcpus} vCPUs; {@code shared}: the IOMMU walks the TDP table.
   */
  public static VmContext vm(int index, long pages, int backingLevel, int vcpus, boolean shared) {
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, pages, backingLevel)));
    HostFrames frames = new HostFrames(index, layout.endGfn());
    SharedPageTable tdp = new SharedPageTable(new TableSettings(4, 2, 64, 9));
    TdpFaultHandler faults = new TdpFaultHandler(tdp, layout, frames, new InvalidationTracker(),
        CostModel.defaults());
    VmContext.Builder vm = VmContext.builder(index, "vm" + index, vcpus)
        .memory(layout, frames)
        .tdp(tdp, faults)
        .violations(new ViolationLog())
        .iommuUnitsServing(1);
    if (shared) {
      vm.iommuSharesTdp();
    } else {
      vm.iommuOwnTable(new SharedPageTable(new TableSettings(4, 2, 64, 9)), null);
    }
    return vm.build();
  }

  /** A run of {@code durationNs} in {@code mode}, windows of 20 us, default costs, no fault injection. */
  public static SimConfig config(Mode mode, long durationNs) {
    return new SimConfig(mode, CostModel.defaults(), durationNs, 20_000, 2, 512, 32, false,
        SimConfig.FaultInjection.NONE);
  }
}
