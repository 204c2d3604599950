package tdpsim.actors.wiring;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Migration;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;

/**
 * Who is who in one machine: the actor refs by VM, unit and device index. Filled by the machine guardian after
 * it spawned everything and before the first window; read-only afterwards (the first window's message
 * publishes it to every actor).
 */
public final class Directory {
  private List<List<ActorRef<Vcpu.Command>>> vcpus = List.of();
  private List<ActorRef<TdpMmu.Command>> mmus = List.of();
  private List<ActorRef<Iommu.Command>> iommus = List.of();
  private List<ActorRef<AssignedDevice.Command>> devices = List.of();
  private int[][] unitsOfVm = new int[0][];
  private int[][] atsDevicesOfVmOnUnit = new int[0][];
  private int units;
  private List<List<ActorRef<Vcpu.Command>>> vcpuSlots = new ArrayList<>();
  private List<ActorRef<TdpMmu.Command>> mmuSlots = new ArrayList<>();
  private List<ActorRef<Migration.Command>> migrationSlots = new ArrayList<>();

  public void setVcpus(List<List<ActorRef<Vcpu.Command>>> vcpus) {
    this.vcpus = List.copyOf(vcpus);
  }

  public void setMmus(List<ActorRef<TdpMmu.Command>> mmus) {
    this.mmus = List.copyOf(mmus);
  }

  public void setIommus(List<ActorRef<Iommu.Command>> iommus) {
    this.iommus = List.copyOf(iommus);
  }

  /**
   * Registers one VM's actors (called by its supervisor once they are spawned). Slots must be sized with
   * {@link #prepareVms}; the machine reads them only after every supervisor said it is ready.
   */
  public synchronized void registerVm(int vm, List<ActorRef<Vcpu.Command>> vcpuRefs, ActorRef<TdpMmu.Command> mmu,
      ActorRef<Migration.Command> migration) {
    vcpuSlots.set(vm, List.copyOf(vcpuRefs));
    mmuSlots.set(vm, mmu);
    migrationSlots.set(vm, migration);
  }

  /** Sizes the per-VM slots for {@code vmCount} VMs. */
  public synchronized void prepareVms(int vmCount) {
    vcpuSlots = new ArrayList<>(java.util.Collections.nCopies(vmCount, List.of()));
    mmuSlots = new ArrayList<>(java.util.Collections.nCopies(vmCount, null));
    migrationSlots = new ArrayList<>(java.util.Collections.nCopies(vmCount, null));
  }

  /** Publishes the registered VMs as the lists the actors read (after every VM is ready). */
  public synchronized void publishVms() {
    vcpus = List.copyOf(vcpuSlots);
    mmus = List.copyOf(mmuSlots);
  }

  /** The migration actor of VM {@code vm}, or null when it does not migrate. */
  public synchronized ActorRef<Migration.Command> migration(int vm) {
    return migrationSlots.get(vm);
  }

  public void setDevices(List<ActorRef<AssignedDevice.Command>> devices) {
    this.devices = List.copyOf(devices);
  }

  /**
   * @param unitsOfVm for each VM, the IOMMU units that serve its devices (ascending)
   * @param atsDevicesOfVmOnUnit for index {@code vm * units + unit}, the ATS devices of that VM behind that unit
   */
  public void setTopology(int units, int[][] unitsOfVm, int[][] atsDevicesOfVmOnUnit) {
    this.units = units;
    this.unitsOfVm = unitsOfVm;
    this.atsDevicesOfVmOnUnit = atsDevicesOfVmOnUnit;
  }

  public List<ActorRef<Vcpu.Command>> vcpusOf(int vm) {
    return vcpus.get(vm);
  }

  public ActorRef<TdpMmu.Command> mmu(int vm) {
    return mmus.get(vm);
  }

  public ActorRef<Iommu.Command> iommu(int unit) {
    return iommus.get(unit);
  }

  public ActorRef<AssignedDevice.Command> device(int index) {
    return devices.get(index);
  }

  public int[] unitsOfVm(int vm) {
    return unitsOfVm[vm];
  }

  public int[] atsDevicesOfVmOnUnit(int vm, int unit) {
    return atsDevicesOfVmOnUnit[vm * units + unit];
  }
}
