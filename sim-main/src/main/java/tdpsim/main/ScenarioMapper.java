package tdpsim.main;

import java.util.ArrayList;
import java.util.List;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.DirtyLogPolicy;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.loadgen.Workload;
import tdpsim.loadgen.WorkloadKind;
import tdpsim.loadgen.dma.DmaWorkload;
import tdpsim.loadgen.host.HostEvent;
import tdpsim.loadgen.host.HostEventSchedule;
import tdpsim.loadgen.scenario.DeviceDirtyTracking;
import tdpsim.loadgen.scenario.DeviceSettings;
import tdpsim.loadgen.scenario.DirtyLogSettings;
import tdpsim.loadgen.scenario.HugePageSplit;
import tdpsim.loadgen.scenario.MemslotSettings;
import tdpsim.loadgen.scenario.MigrationSettings;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.loadgen.scenario.VmSettings;
import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

/**
 * Turns a validated scenario and one design into the machine the actors run: memslots, vCPU and DMA workloads
 * (load-gen's, adapted so that actors never see load-gen), the host event schedule and the engine settings.
 */
public final class ScenarioMapper {
  private ScenarioMapper() {}

  public static MachineSpec toMachine(Scenario s, Mode mode, RunSettings rs) {
    SimConfig config = new SimConfig(mode, rs.costs(), s.run().durationNs(), rs.windowNs(),
        s.iommu().maxLeaf().level(), s.iommu().psiMaxPages(), s.iommu().priQueueDepth(), rs.stopOnViolation(),
        rs.faultInjection(), rs.kvm(), new DirtyLogPolicy(s.dirtyLog().pml(), s.dirtyLog().eagerSplit(),
            s.dirtyLog().initiallySet(), s.dirtyLog().disable() == DirtyLogSettings.Disable.RECOVER_IN_PLACE));
    List<MachineSpec.Vm> vms = new ArrayList<>();
    for (VmSettings v : s.vms()) {
      List<GuestLayout.Memslot> slots = new ArrayList<>();
      for (MemslotSettings m : v.memslots()) {
        slots.add(new GuestLayout.Memslot(m.startGfn(), m.endGfn(), m.backing().level()));
      }
      long seed = s.seed();
      vms.add(new MachineSpec.Vm(v.index(), v.name(), v.vcpus(), slots, v.viommu(), v.tlbEntries(),
          v.access().thinkTimeNs(), s.run().maxAccessesPerVcpu(),
          i -> adapt(WorkloadKind.forVcpu(v, i, seed))));
    }
    List<MachineSpec.Device> devices = new ArrayList<>();
    for (DeviceSettings d : s.devices()) {
      long pagesPerTransfer = Math.max(1, d.dma().transferSizeBytes() >>> 12);
      long nsPerPage = Math.max(1, d.dma().nsPerTransfer() / pagesPerTransfer);
      AssignedDeviceActor.Spec spec = new AssignedDeviceActor.Spec(d.index(), d.name(), d.vmIndex(),
          d.iommuUnit(), d.ats(), d.devtlbEntries(), d.pri(), nsPerPage, d.priMaxOutstanding());
      long seed = s.seed();
      devices.add(new MachineSpec.Device(spec,
          () -> adapt(Workload.limit(DmaWorkload.create(d, seed), d.dma().totalPages()))));
    }
    List<HostEventSpec> events = new ArrayList<>();
    HostEventSchedule schedule = new HostEventSchedule(s, s.run().durationNs());
    while (schedule.hasNext()) {
      HostEvent e = schedule.next();
      events.add(new HostEventSpec(e.timeNs(), cause(e), e.vmIndex(), e.startGfn(), e.endGfn()));
    }
    List<MigrationPlan> migrations = new ArrayList<>();
    for (MigrationSettings m : s.migrations()) {
      MigrationPlan.Tracking tracking = switch (m.dirtyTracking()) {
        case D_BITS -> MigrationPlan.Tracking.D_BITS;
        case WRITE_PROTECT -> MigrationPlan.Tracking.WRITE_PROTECT;
        case PML -> MigrationPlan.Tracking.PML;
      };
      migrations.add(new MigrationPlan(m.vmIndex(), m.startNs(), m.bandwidthBytesPerSec(), m.maxRounds(),
          m.convergePages(), tracking, m.initiallySet(), m.deviceTracking() == DeviceDirtyTracking.ALL_AT_STOP,
          m.hugePageSplit() == HugePageSplit.EAGER));
    }
    int stripeShift = 63 - Long.numberOfLeadingZeros(s.host().tableStripeGranuleBytes() >>> 12);
    return new MachineSpec(s.name(), s.seed(), config, s.host().tableLevels(), s.host().tableStripes(),
        stripeShift, s.host().iommuUnits(), s.iommu().iotlbEntries(), vms, devices, events, migrations,
        s.run().untilWork());
  }

  /** Refuse a design the configured hardware cannot run (a PRI design with a device that has no PRI). */
  public static void checkModes(Scenario s, List<Mode> modes) {
    for (Mode m : modes) {
      if (!m.isDevicePageRequests()) {
        continue;
      }
      for (DeviceSettings d : s.devices()) {
        if (!d.pri()) {
          throw new UserException(s.origin() + ": mode " + m.configName() + " needs PRI, but device '"
              + d.name() + "' has pri = false (tdpsim.scenario.devices)");
        }
      }
    }
  }

  /** Why sharing does not happen for some VM in this design, or null. */
  public static String sharingRefusedReason(Scenario s, Mode mode) {
    if (mode == Mode.VIOMMU_SHADOW) {
      return "the guest's virtual IOMMU needs a shadow second-stage table built from its own page tables, so "
          + "the TDP table cannot be the IOMMU's table: sharing refused, running as separate";
    }
    if (mode.isSharedTable()) {
      List<String> refused = s.vms().stream().filter(VmSettings::viommu).map(VmSettings::name).toList();
      if (!refused.isEmpty()) {
        return "VMs with a virtual IOMMU (" + String.join(", ", refused) + ") need a shadow table: sharing "
            + "refused for them, they run as separate";
      }
    }
    return null;
  }

  private static ZapCause cause(HostEvent e) {
    return switch (e.kind()) {
      case RECLAIM -> ZapCause.RECLAIM;
      case MIGRATION -> ZapCause.MIGRATION;
      case COMPACTION -> ZapCause.COMPACTION;
      case THP_SPLIT -> ZapCause.THP_SPLIT;
      case THP_COLLAPSE -> ZapCause.THP_COLLAPSE;
      case KSM -> ZapCause.KSM;
      case AGE -> ZapCause.AGING;
      case MEMSLOT -> ZapCause.MEMSLOT;
      case DIRTY_LOG -> ZapCause.DIRTY_LOG;
      case DIRTY_LOG_STOP -> ZapCause.DIRTY_LOG_STOP;
      case NX_RECOVERY -> ZapCause.NX_RECOVERY;
    };
  }

  private static AccessSource adapt(Workload w) {
    return w::next;
  }
}
