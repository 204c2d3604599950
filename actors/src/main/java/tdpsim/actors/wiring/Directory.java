package tdpsim.actors.wiring;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.Iommu;
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

  public void setVcpus(List<List<ActorRef<Vcpu.Command>>> vcpus) {
    this.vcpus = List.copyOf(vcpus);
  }

  public void setMmus(List<ActorRef<TdpMmu.Command>> mmus) {
    this.mmus = List.copyOf(mmus);
  }

  public void setIommus(List<ActorRef<Iommu.Command>> iommus) {
    this.iommus = List.copyOf(iommus);
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
