package tdpsim.actors.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tdpsim.actors.fault.Population;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.dirty.MigrationState;
import tdpsim.actors.queue.SharedBandwidth;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.PagePool;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableInvariants;
import tdpsim.actors.table.TableSettings;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.Mode;

/**
 * The plain-Java part of building a machine: tables, host frames and fault handlers per VM, the design's
 * start-up population (VFIO pin + map, or pre-fault), the IOTLBs and the device topology. Kept out of the
 * guardian so that it can be tested without an actor system.
 */
public final class MachineBuild {
  private final MachineSpec spec;
  private final List<VmContext> vms = new ArrayList<>();
  private final List<Iotlb> iotlbs = new ArrayList<>();
  private final int[][] unitsOfVm;
  private final int[][] atsDevicesOfVmOnUnit;
  private final List<List<Integer>> devicesOfVm = new ArrayList<>();
  private final ViolationLog violations = new ViolationLog();
  private final Recorder startup = new Recorder("machine");
  /** The host's memory zeroing bandwidth, shared by every fault path of the machine (tdpsim.cost.host). */
  private final SharedBandwidth zeroing;
  /**
   * The host's page allocator for every table of the machine, as in the kernel (table pages come from one
   * host allocator, not from a reserve per VM). A pool hands out fresh pages in chunks of 64 per thread
   * magazine, so a private pool per table held 64 to 256 pages (256 KiB to 1 MiB) per VM whatever the VM
   * touched: 2.5 GiB or more for the 10,000 VMs of the entity-scale check. Footprints are still counted per
   * table.
   */
  private final PagePool pagePool = new PagePool();

  /** Where the entities report trace events; null when tracing is off. */
  private final tdpsim.actors.trace.Tracer tracer;

  private MachineBuild(MachineSpec spec, tdpsim.actors.trace.Tracer tracer) {
    this.spec = spec;
    this.tracer = tracer;
    SimConfig config = spec.config();
    Mode mode = config.mode();
    int vmCount = spec.vms().size();
    int units = spec.iommuUnits();
    unitsOfVm = new int[vmCount][];
    List<List<TreeSet<Integer>>> ats = new ArrayList<>();
    List<TreeSet<Integer>> units0 = new ArrayList<>();
    for (int v = 0; v < vmCount; v++) {
      units0.add(new TreeSet<>());
      List<TreeSet<Integer>> perUnit = new ArrayList<>();
      for (int u = 0; u < units; u++) {
        perUnit.add(new TreeSet<>());
      }
      ats.add(perUnit);
    }
    List<List<Integer>> devicesOf = new ArrayList<>();
    for (int v = 0; v < vmCount; v++) {
      devicesOf.add(new ArrayList<>());
    }
    for (MachineSpec.Device d : spec.devices()) {
      devicesOf.get(d.spec().vmIndex()).add(d.spec().index());
      units0.get(d.spec().vmIndex()).add(d.spec().iommuUnit());
      if (d.spec().ats()) {
        ats.get(d.spec().vmIndex()).get(d.spec().iommuUnit()).add(d.spec().index());
      }
    }
    atsDevicesOfVmOnUnit = new int[vmCount * units][];
    for (List<Integer> d : devicesOf) {
      devicesOfVm.add(List.copyOf(d));
    }
    for (int v = 0; v < vmCount; v++) {
      unitsOfVm[v] = units0.get(v).stream().mapToInt(Integer::intValue).toArray();
      for (int u = 0; u < units; u++) {
        atsDevicesOfVmOnUnit[v * units + u] = ats.get(v).get(u).stream().mapToInt(Integer::intValue).toArray();
      }
    }
    zeroing = new SharedBandwidth(spec.config().costs().detail().zeroingBytesPerSec());
    for (MachineSpec.Vm vmSpec : spec.vms()) {
      vms.add(buildVm(vmSpec, mode, config, unitsOfVm[vmSpec.index()].length));
    }
    for (int u = 0; u < units; u++) {
      iotlbs.add(new Iotlb(spec.iotlbEntries()));
    }
  }

  public static MachineBuild build(MachineSpec spec) {
    return build(spec, null);
  }

  /** @param tracer where the machine's entities report trace events, or null (no trace) */
  public static MachineBuild build(MachineSpec spec, tdpsim.actors.trace.Tracer tracer) {
    return new MachineBuild(spec, tracer);
  }

  /** The design a VM actually runs: a guest vIOMMU that needs a shadow table refuses sharing. */
  public static Mode effectiveMode(Mode mode, boolean viommu) {
    if (viommu && (mode.isSharedTable() || mode == Mode.VIOMMU_SHADOW)) {
      return Mode.SEPARATE;
    }
    return mode == Mode.VIOMMU_SHADOW ? Mode.SEPARATE : mode;
  }

  private VmContext buildVm(MachineSpec.Vm vmSpec, Mode mode, SimConfig config, int unitsServing) {
    boolean hasDevices = unitsServing > 0;
    boolean viommu = vmSpec.viommu() || mode == Mode.VIOMMU_SHADOW;
    Mode vmMode = effectiveMode(mode, viommu);
    GuestLayout layout = new GuestLayout(vmSpec.memslots());
    HostFrames frames = new HostFrames(vmSpec.index(), layout.endGfn());
    boolean shared = vmMode.isSharedTable() && hasDevices;
    int tdpMaxLeaf = shared ? Math.min(3, config.iommuMaxLeafLevel()) : 3;
    SharedPageTable tdp = new SharedPageTable(
        new TableSettings(spec.tableLevels(), tdpMaxLeaf, spec.tableStripes(), spec.tableStripeShift()), pagePool);
    TdpFaultHandler tdpFaults = new TdpFaultHandler(tdp, layout, frames, new InvalidationTracker(), config.costs());
    tdpFaults.setZeroing(zeroing);
    SharedPageTable iommuTable = null;
    TdpFaultHandler iommuFaults = null;
    if (hasDevices) {
      if (shared) {
        iommuTable = tdp;
      } else {
        iommuTable = new SharedPageTable(new TableSettings(spec.tableLevels(), config.iommuMaxLeafLevel(),
            spec.tableStripes(), spec.tableStripeShift()), pagePool);
        iommuFaults = new TdpFaultHandler(iommuTable, layout, frames, new InvalidationTracker(), config.costs());
        iommuFaults.setZeroing(zeroing);
      }
      if (vmMode.isPinsGuestMemory()) {
        frames.pinAll();
        Population.Populated p;
        if (shared) {
          p = Population.mapAll(tdp, layout, frames, config.costs(), config.costs().prefault4kNs());
          startup.add(Counter.PREFAULTED_PAGES, p.pages4k());
          startup.add(Counter.FORMAT_HAZARDS_BIT11_SNP, p.leafs());
        } else {
          p = Population.mapAll(iommuTable, layout, frames, config.costs(), config.costs().pinMap4kNs());
          startup.add(Counter.PINNED_MAPPED_PAGES, p.pages4k());
        }
        startup.add(Counter.VM_START_NS, p.costNs());
      } else {
        pinBuffersThatCannotFault(vmSpec.index(), vmMode, shared, tdp, iommuTable, layout, frames, config);
      }
    }
    // KVM caches emulated-MMIO gfns in MMIO SPTEs; the RFC keeps them out of the exported root.
    tdpFaults.setMmio(vmSpec.mmio(), !(shared && vmMode.isExportedRoot()));
    boolean migrating = spec.migrations().stream().anyMatch(m -> m.vmIndex() == vmSpec.index());
    MigrationState migration = migrating ? new MigrationState(layout.endGfn()) : null;
    VmContext.Builder vm = VmContext.builder(vmSpec.index(), vmSpec.name(), vmSpec.vcpus())
        .memory(layout, frames)
        .tdp(tdp, tdpFaults)
        .violations(violations)
        .migration(migration)
        .iommuUnitsServing(unitsServing)
        .tracer(tracer);
    if (shared) {
      vm.iommuSharesTdp();
    } else if (iommuTable != null) {
      vm.iommuOwnTable(iommuTable, iommuFaults);
    }
    return vm.build();
  }

  /**
   * A design whose devices fault (the iopf designs): buffers of a device that cannot take a page request on
   * every DMA path (pri-coverage below 1) are pinned and pre-faulted before the device starts, into the table
   * the device walks (the TDP table when shared, the IOMMU's own otherwise).
   */
  private void pinBuffersThatCannotFault(int vmIndex, Mode vmMode, boolean shared, SharedPageTable tdp,
      SharedPageTable iommuTable, GuestLayout layout, HostFrames frames, SimConfig config) {
    if (!vmMode.isDevicePageRequests()) {
      return;
    }
    for (MachineSpec.Device d : spec.devices()) {
      if (d.spec().vmIndex() != vmIndex) {
        continue;
      }
      if (d.refused()) {
        startup.inc(Counter.DEVICES_REFUSED);
        continue;
      }
      if (d.pinnedBuffer().pages() == 0) {
        continue;
      }
      frames.pinRange(d.pinnedBuffer().startGfn(), d.pinnedBuffer().endGfn());
      Population.Populated p = Population.mapRange(shared ? tdp : iommuTable, layout, frames, config.costs(),
          shared ? config.costs().prefault4kNs() : config.costs().pinMap4kNs(), d.pinnedBuffer().startGfn(),
          d.pinnedBuffer().endGfn());
      startup.add(Counter.PINNED_BUFFER_PAGES, p.pages4k());
      startup.add(shared ? Counter.PREFAULTED_PAGES : Counter.PINNED_MAPPED_PAGES, p.pages4k());
      startup.add(Counter.VM_START_NS, p.costNs());
      if (shared && !vmMode.isExportedRoot()) {
        startup.add(Counter.FORMAT_HAZARDS_BIT11_SNP, p.leafs());
      }
    }
  }

  public List<VmContext> vms() {
    return vms;
  }

  /** The one page pool all of the machine's tables draw from. */
  public PagePool pagePool() {
    return pagePool;
  }

  public List<Iotlb> iotlbs() {
    return iotlbs;
  }

  /**
   * The indices of VM {@code vm}'s assigned devices, ascending (built once: a filter over all devices per VM
   * was 400M tests for the 10,000 VMs and 40,000 devices of the entity-scale check).
   */
  public List<Integer> devicesOfVm(int vm) {
    return devicesOfVm.get(vm);
  }

  public int[][] unitsOfVm() {
    return unitsOfVm;
  }

  public int[][] atsDevicesOfVmOnUnit() {
    return atsDevicesOfVmOnUnit;
  }

  public ViolationLog violations() {
    return violations;
  }

  /**
   * The machine's own figures: start-up population and, read now, the table footprints (TDP and the IOMMU's
   * own tables separately, per level) and the pinned bytes.
   */
  public Recorder machineRecorder() {
    Recorder r = startup;
    if (zeroing.limited()) {
      r.put("queue.zeroing.busyNs", zeroing.busyNs());
      r.put("queue.zeroing.servers", 1);
    }
    long[] tdpLevels = new long[6];
    long[] iommuLevels = new long[6];
    long pinned = 0;
    boolean anyIommuTable = false;
    for (VmContext vm : vms) {
      checkTable(r, vm, "TDP", vm.tdp());
      if (vm.iommuTable() != null && vm.iommuTable() != vm.tdp()) {
        checkTable(r, vm, "IOMMU", vm.iommuTable());
      }
      add(tdpLevels, vm.tdp().pagesByLevel());
      if (vm.iommuTable() != null && vm.iommuTable() != vm.tdp()) {
        add(iommuLevels, vm.iommuTable().pagesByLevel());
        anyIommuTable = true;
      }
      pinned += vm.frames().pinnedPages(vm.layout().totalPages()) << 12;
    }
    putTable(r, "table.tdp", tdpLevels);
    if (anyIommuTable) {
      putTable(r, "table.iommu", iommuLevels);
    }
    r.put("pinnedBytes", pinned);
    return r;
  }

  /** Footprint equals the pages reachable from the root, no leaks after zaps, no frozen entry left behind. */
  private void checkTable(Recorder r, VmContext vm, String which, SharedPageTable table) {
    try {
      TableInvariants.check(table);
    } catch (AssertionError e) {
      String what = "vm" + vm.index() + " " + which + " table invariant broken: " + e.getMessage();
      r.violation(what);
      violations.report(what);
    }
  }

  private static void add(long[] into, long[] byLevel) {
    for (int l = 1; l < byLevel.length && l < into.length; l++) {
      into[l] += byLevel[l];
    }
  }

  private static void putTable(Recorder r, String prefix, long[] levels) {
    long pages = 0;
    for (int l = 1; l < levels.length; l++) {
      pages += levels[l];
      if (levels[l] != 0) {
        r.put(prefix + ".L" + l, levels[l]);
      }
    }
    r.put(prefix + ".pages", pages);
    r.put(prefix + ".bytes", pages * 4096);
  }
}
