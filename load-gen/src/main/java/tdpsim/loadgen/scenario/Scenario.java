package tdpsim.loadgen.scenario;

import java.util.List;
import java.util.Objects;
import tdpsim.protocol.Mode;

/**
 * A validated scenario: the machine, its VMs and devices, the host's memory events and the designs to compare.
 * Built once by {@link ScenarioLoader}; nothing below sim-main sees a {@code Config}.
 *
 * @param name name shown in reports
 * @param origin where it came from (file path, or {@code builtin:default})
 * @param seed scenario seed; entity streams derive from it through {@code EntitySeeds}
 * @param modes designs to run, in order, no duplicates
 * @param deterministic one total event order, so equal seeds give equal reports
 * @param run duration and limits
 * @param host IOMMU units and table shape
 * @param iommu IOMMU capabilities
 * @param vms VMs with replicas expanded; {@code vms.get(i).index() == i}
 * @param devices devices expanded per VM replica and count; {@code devices.get(i).index() == i}
 * @param hostEvents host memory events, expanded per VM replica
 * @param migrations migrations, expanded per VM replica
 * @param dirtyLog how KVM turns dirty logging on and off for the dirty-log / dirty-log-stop events
 * @param warnings what the scenario says that probably is not what was meant (an event that starts after the run
 *     ends, an include that found no file), one line each, without the file name
 * @param rfc settings of the rfc-tdp-fd design
 */
public record Scenario(
    String name,
    String origin,
    long seed,
    List<Mode> modes,
    boolean deterministic,
    RunSettings run,
    HostSettings host,
    IommuSettings iommu,
    List<VmSettings> vms,
    List<DeviceSettings> devices,
    List<HostEventSettings> hostEvents,
    List<MigrationSettings> migrations,
    DirtyLogSettings dirtyLog,
    List<String> warnings,
    RfcSettings rfc) {
  /** With the default {@link RfcSettings}. */
  public Scenario(String name, String origin, long seed, List<Mode> modes, boolean deterministic, RunSettings run,
      HostSettings host, IommuSettings iommu, List<VmSettings> vms, List<DeviceSettings> devices,
      List<HostEventSettings> hostEvents, List<MigrationSettings> migrations, DirtyLogSettings dirtyLog,
      List<String> warnings) {
    this(name, origin, seed, modes, deterministic, run, host, iommu, vms, devices, hostEvents, migrations, dirtyLog,
        warnings, RfcSettings.DEFAULTS);
  }

  public Scenario {
    Objects.requireNonNull(dirtyLog, "dirtyLog");
    Objects.requireNonNull(rfc, "rfc");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(iommu, "iommu");
    modes = List.copyOf(modes);
    vms = List.copyOf(vms);
    devices = List.copyOf(devices);
    hostEvents = List.copyOf(hostEvents);
    migrations = List.copyOf(migrations);
    warnings = List.copyOf(warnings);
    Checks.check(!modes.isEmpty(), "at least one mode");
    Checks.check(modes.stream().distinct().count() == modes.size(), "duplicate modes");
    for (int i = 0; i < vms.size(); i++) {
      Checks.check(vms.get(i).index() == i, "vms[" + i + "].index must be " + i);
    }
    for (int i = 0; i < devices.size(); i++) {
      DeviceSettings device = devices.get(i);
      Checks.check(device.index() == i, "devices[" + i + "].index must be " + i);
      Checks.check(device.vmIndex() < vms.size(), "devices[" + i + "].vmIndex out of range");
      Checks.check(device.iommuUnit() < host.iommuUnits(), "devices[" + i + "].iommuUnit out of range");
    }
    for (HostEventSettings event : hostEvents) {
      Checks.check(event.vmIndex() < vms.size(), "hostEvent vmIndex out of range");
    }
    for (MigrationSettings migration : migrations) {
      Checks.check(migration.vmIndex() < vms.size(), "migration vmIndex out of range");
    }
  }

  /** The VM with this index. */
  public VmSettings vm(int index) {
    return vms.get(index);
  }

  /** The devices assigned to the VM, in index order. */
  public List<DeviceSettings> devicesOf(int vmIndex) {
    return devices.stream().filter(d -> d.vmIndex() == vmIndex).toList();
  }

  /** Total vCPUs over all VMs. */
  public int totalVcpus() {
    return vms.stream().mapToInt(VmSettings::vcpus).sum();
  }

  /** Total vCPUs over all VMs, without overflow. */
  public long totalVcpusLong() {
    return vms.stream().mapToLong(VmSettings::vcpus).sum();
  }

  /** Total guest memory over all VMs, in bytes. */
  public long totalMemoryBytes() {
    return vms.stream().mapToLong(VmSettings::memoryBytes).sum();
  }
}
