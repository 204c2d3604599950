package tdpsim.main;

import java.util.ArrayList;
import java.util.List;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.memory.GfnRange;
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
import tdpsim.loadgen.scenario.RfcSettings;
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
          i -> adapt(WorkloadKind.forVcpu(v, i, seed)),
          v.mmio().stream().map(m -> new GfnRange(m.startGfn(), m.endGfn())).toList()));
    }
    List<MachineSpec.Device> devices = new ArrayList<>();
    for (DeviceSettings d : s.devices()) {
      long pagesPerTransfer = Math.max(1, d.dma().transferSizeBytes() >>> 12);
      long nsPerPage = Math.max(1, d.dma().nsPerTransfer() / pagesPerTransfer);
      AssignedDeviceActor.Spec spec = new AssignedDeviceActor.Spec(d.index(), d.name(), d.vmIndex(),
          d.iommuUnit(), d.ats(), d.devtlbEntries(), d.pri(), nsPerPage, d.priMaxOutstanding());
      long seed = s.seed();
      long pinnedStart = d.dma().bufferBaseGpa() >>> 12;
      boolean refused = deviceRefused(s, mode, d);
      // A refused device is not attached: it moves no data (an empty DMA stream).
      devices.add(new MachineSpec.Device(spec,
          refused ? () -> NO_DMA : () -> adapt(Workload.limit(DmaWorkload.create(d, seed), d.dma().totalPages())),
          new GfnRange(pinnedStart, pinnedStart + d.pinnedPages()), refused));
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
      if (!m.isDevicePageRequests() || m.isExportedRoot()) {
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

  /**
   * Why the design refuses to run this scenario at all, or null: {@code rfc-tdp-fd} with an IOMMU whose largest
   * leaf is smaller than KVM's (1 GiB) and {@code rfc.huge-page-mismatch = refuse}, as the RFC's VT-d code refused
   * such a KVM domain.
   */
  public static String designRefusedReason(Scenario s, Mode mode) {
    if (mode.isExportedRoot() && !s.devices().isEmpty() && s.iommu().maxLeaf().level() < 3
        && s.rfc().hugePageMismatch() == RfcSettings.HugePageMismatch.REFUSE) {
      return "rfc-tdp-fd: the IOMMU's largest leaf (" + s.iommu().maxLeaf().label() + ") is smaller than KVM's "
          + "(1GiB) and the RFC's VT-d code refuses such a KVM domain (tdpsim.scenario.rfc.huge-page-mismatch = "
          + "refuse; cap would cap KVM's leaves instead)";
    }
    return null;
  }

  /**
   * True when {@code rfc-tdp-fd} refuses the device: the exported TDP is populated on demand only, so the RFC
   * takes only devices that fault on every DMA path (PRI with pri-coverage 1).
   */
  public static boolean deviceRefused(Scenario s, Mode mode, DeviceSettings d) {
    // A VM with a guest vIOMMU runs as separate in every shared design: its devices are attached as usual.
    return mode.isExportedRoot() && !s.vm(d.vmIndex()).viommu() && (!d.pri() || d.priCoverage() < 1.0);
  }

  /** The devices a design refuses, with why, or null when none. */
  static String devicesRefusedReason(Scenario s, Mode mode) {
    List<String> refused = s.devices().stream().filter(d -> deviceRefused(s, mode, d))
        .map(d -> d.name() + " (" + (d.pri() ? "pri-coverage " + d.priCoverage() : "no PRI") + ")").toList();
    if (refused.isEmpty()) {
      return null;
    }
    return "devices refused (the exported TDP is populated on demand only, so a device must fault on every DMA "
        + "path; they are not attached and move no data): " + String.join(", ", refused);
  }

  /** Why sharing does not happen for some VM, or some device is refused, in this design; or null. */
  public static String sharingRefusedReason(Scenario s, Mode mode) {
    String devices = devicesRefusedReason(s, mode);
    String vms = vmSharingRefusedReason(s, mode);
    if (devices == null || vms == null) {
      return devices == null ? vms : devices;
    }
    return vms + "; " + devices;
  }

  private static String vmSharingRefusedReason(Scenario s, Mode mode) {
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

  private static final AccessSource NO_DMA = new AccessSource() {
    @Override
    public int next(long[] buf, int max) {
      return 0;
    }
  };

  private static AccessSource adapt(Workload w) {
    return w::next;
  }
}
