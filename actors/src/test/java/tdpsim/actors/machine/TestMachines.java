package tdpsim.actors.machine;

import java.util.ArrayList;
import java.util.List;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.protocol.Access;
import tdpsim.protocol.Mode;

/** Small machines for tests: sizes a person can check by hand. */
final class TestMachines {
  static final long GIB_PAGES = 1L << 18;

  private TestMachines() {}

  /** Touches {@code [start, end)} once, in order, then is exhausted. */
  static AccessSource sequential(long start, long end, boolean write) {
    long[] next = {start};
    return (buf, max) -> {
      int n = 0;
      while (n < max && next[0] < end) {
        buf[n++] = Access.encode(next[0]++, write);
      }
      return n;
    };
  }

  /** Loops over {@code [start, end)} forever. */
  static AccessSource ring(long start, long end, boolean write) {
    long[] next = {start};
    return (buf, max) -> {
      for (int n = 0; n < max; n++) {
        buf[n] = Access.encode(next[0], write);
        next[0] = next[0] + 1 == end ? start : next[0] + 1;
      }
      return max;
    };
  }

  static SimConfig config(Mode mode, long durationNs, SimConfig.FaultInjection fi) {
    return new SimConfig(mode, CostModel.defaults(), durationNs, 20_000, 2, 512, 32, false, fi);
  }

  static SimConfig config(Mode mode, long durationNs, SimConfig.Kvm kvm) {
    return config(mode, CostModel.defaults(), durationNs, kvm);
  }

  static SimConfig config(Mode mode, CostModel costs, long durationNs, SimConfig.Kvm kvm) {
    return new SimConfig(mode, costs, durationNs, 20_000, 2, 512, 32, false, SimConfig.FaultInjection.NONE, kvm);
  }

  static MachineSpec.Vm vm(int index, long pages, int backingLevel, int vcpus,
      java.util.function.IntFunction<AccessSource> source) {
    return new MachineSpec.Vm(index, "vm" + index, vcpus, List.of(new GuestLayout.Memslot(0, pages, backingLevel)),
        false, 1536, 0, 0, source);
  }

  static MachineSpec spec(SimConfig config, List<MachineSpec.Vm> vms, List<MachineSpec.Device> devices,
      List<HostEventSpec> events) {
    return new MachineSpec("test", 1, config, 4, 64, 9, 1, 512, vms, devices, events, List.of());
  }

  static MachineSpec spec(SimConfig config, List<MachineSpec.Vm> vms, List<MachineSpec.Device> devices,
      List<HostEventSpec> events, List<MigrationPlan> migrations) {
    return new MachineSpec("test", 1, config, 4, 64, 9, 1, 512, vms, devices, events, migrations);
  }

  static MachineSpec.Device nic(int index, int vm, boolean ats, boolean pri, AccessSource dma) {
    return new MachineSpec.Device(new AssignedDeviceActor.Spec(index, "nic" + index, vm, 0, ats, 64, pri, 3_000),
        () -> dma);
  }

  static List<HostEventSpec> none() {
    return new ArrayList<>();
  }
}
