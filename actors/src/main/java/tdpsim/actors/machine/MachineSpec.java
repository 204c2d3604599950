package tdpsim.actors.machine;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;

/**
 * Everything one machine run needs, built once by sim-main from a scenario: the run settings, the table shape,
 * the IOMMU units, the VMs with their memslots and vCPU workloads, the devices, the host events and the live
 * migrations.
 *
 * @param tableLevels 4 or 5 (LA57)
 * @param tableStripes lock stripes per table (a power of two)
 * @param tableStripeShift gfn bits per stripe granule (9 = 2 MiB)
 * @param untilWork the run ends when every vCPU, device and migration is done; the duration is a cap
 */
public record MachineSpec(
    String scenario,
    long seed,
    SimConfig config,
    int tableLevels,
    int tableStripes,
    int tableStripeShift,
    int iommuUnits,
    int iotlbEntries,
    List<Vm> vms,
    List<Device> devices,
    List<HostEventSpec> events,
    List<MigrationPlan> migrations,
    boolean untilWork) {

  /** A machine whose run ends on time ({@code run.until = time}). */
  public MachineSpec(String scenario, long seed, SimConfig config, int tableLevels, int tableStripes,
      int tableStripeShift, int iommuUnits, int iotlbEntries, List<Vm> vms, List<Device> devices,
      List<HostEventSpec> events, List<MigrationPlan> migrations) {
    this(scenario, seed, config, tableLevels, tableStripes, tableStripeShift, iommuUnits, iotlbEntries, vms,
        devices, events, migrations, false);
  }

  /** One VM; {@code vcpuSource} gives vCPU i its workload. */
  public record Vm(int index, String name, int vcpus, List<GuestLayout.Memslot> memslots, boolean viommu,
      int tlbEntries, long thinkTimeNs, long maxAccessesPerVcpu, IntFunction<AccessSource> vcpuSource) {
    public Vm {
      memslots = List.copyOf(memslots);
      Objects.requireNonNull(vcpuSource, "vcpuSource");
    }
  }

  /** One assigned device and its DMA workload. */
  public record Device(AssignedDeviceActor.Spec spec, Supplier<AccessSource> dmaSource) {}

  public MachineSpec {
    Objects.requireNonNull(config, "config");
    vms = List.copyOf(vms);
    devices = List.copyOf(devices);
    events = List.copyOf(events);
    migrations = List.copyOf(migrations);
    if (iommuUnits < 1) {
      throw new IllegalArgumentException("at least one IOMMU unit");
    }
    for (Device d : devices) {
      if (d.spec().iommuUnit() < 0 || d.spec().iommuUnit() >= iommuUnits) {
        throw new IllegalArgumentException("device " + d.spec().name() + " on IOMMU unit " + d.spec().iommuUnit()
            + " of " + iommuUnits);
      }
    }
  }
}
