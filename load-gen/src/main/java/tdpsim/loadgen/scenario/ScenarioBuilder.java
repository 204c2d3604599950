package tdpsim.loadgen.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tdpsim.protocol.Mode;
import tdpsim.protocol.PageSize;

/**
 * Builds the settings records from a merged, type-checked config and runs the checks that need more than one key
 * (overlaps, alignment, references between VMs, devices and events). Expands VM replicas and device counts.
 */
final class ScenarioBuilder {
  private static final String SCENARIO = "tdpsim.scenario";
  private static final String PAGE_SIZES = "4KiB, 2MiB, 1GiB";
  /** Memslot elements fall back to this; gpa and size are required. */
  private static final Config MEMSLOT_FALLBACK = ConfigFactory.parseString("backing = 4KiB");

  private final String origin;
  private final Config merged;
  private final Path baseDir;

  /** Expanded VMs, and for each VM element (by its name) the indices of its replicas. */
  private final List<VmSettings> vms = new ArrayList<>();
  private final Map<String, List<Integer>> vmIndicesByName = new LinkedHashMap<>();
  private final List<ConfigReader> vmElements = new ArrayList<>();
  /** vCPUs and devices so far, counted before they are expanded ({@link HostLimits#MAX_ENTITIES}). */
  private long entities;

  /** Warnings so far (the parser's, then the builder's own), one line each. */
  private final List<String> warnings = new ArrayList<>();

  ScenarioBuilder(String origin, Config merged, Path baseDir, List<String> parserWarnings) {
    this.warnings.addAll(parserWarnings);
    this.origin = origin;
    this.merged = merged;
    this.baseDir = baseDir;
  }

  Scenario build() {
    ConfigReader scenario = new ConfigReader(origin, merged.getConfig(SCENARIO), SCENARIO);
    String name = scenario.string("name");
    long seed = scenario.longValue("seed");
    List<Mode> modes = modes(scenario);
    boolean deterministic = scenario.bool("deterministic");
    RunSettings run = run(scenario.child("run"));
    HostSettings host = host(scenario.child("host"));
    IommuSettings iommu = iommu(scenario.child("iommu"));
    readVms(scenario, host);
    List<DeviceSettings> devices = devices(scenario, host);
    checkModesAgainstDevices(scenario, modes, devices);
    List<HostEventSettings> hostEvents = hostEvents(scenario, run.durationNs());
    List<MigrationSettings> migrations = migrations(scenario, run.durationNs());
    if (run.untilWork()) {
      checkBoundedWork(scenario, run, devices);
    }
    DirtyLogSettings dirtyLog = dirtyLog(scenario.child("dirty-log"));
    if (vms.isEmpty()) {
      throw scenario.error("vms", "no VMs: nothing to simulate; add at least one { name, vcpus, memslots }");
    }
    ConfigReader rfc = scenario.child("rfc");
    RfcSettings rfcSettings = new RfcSettings(rfc.named("huge-page-mismatch", RfcSettings.HugePageMismatch::ofConfigName,
        RfcSettings.HugePageMismatch.validNames()));
    return new Scenario(name, origin, seed, modes, deterministic, run, host, iommu, vms, devices, hostEvents,
        migrations, dirtyLog, warnings, rfcSettings);
  }

  private static DirtyLogSettings dirtyLog(ConfigReader d) {
    return new DirtyLogSettings(d.bool("pml"), d.bool("eager-split"), d.bool("initially-set"),
        d.named("disable", DirtyLogSettings.Disable::ofConfigName, DirtyLogSettings.Disable.validNames()));
  }

  private List<Mode> modes(ConfigReader scenario) {
    List<String> names = scenario.stringList("modes");
    if (names.isEmpty()) {
      throw scenario.error("modes", "expected at least one of " + Mode.validNames());
    }
    List<Mode> modes = new ArrayList<>();
    for (String modeName : names) {
      Mode mode = Mode.ofConfigName(modeName).orElseThrow(() -> scenario.error("modes",
          "unknown mode " + modeName + "; expected modes from " + Mode.validNames()));
      if (modes.contains(mode)) {
        throw scenario.error("modes", "mode " + modeName + " is listed twice");
      }
      modes.add(mode);
    }
    return modes;
  }

  private static RunSettings run(ConfigReader run) {
    long durationNs = run.durationNs("duration", true);
    long maxAccesses = run.longValue("max-accesses-per-vcpu");
    if (maxAccesses < 0) {
      throw run.error("max-accesses-per-vcpu", "expected an integer >= 0 (0 = unlimited)");
    }
    RunUntil until = run.named("until", RunUntil::ofConfigName, RunUntil.validNames());
    return new RunSettings(durationNs, maxAccesses, until);
  }

  /**
   * Under {@code run.until = work} every vCPU and device must have an end of its own, or the run could only end
   * at the cap: a vCPU needs {@code max-accesses-per-vcpu}, or a sequential or trace pattern with passes; a
   * device needs {@code dma.total-bytes}.
   */
  private void checkBoundedWork(ConfigReader scenario, RunSettings run, List<DeviceSettings> devices) {
    if (run.maxAccessesPerVcpu() == 0) {
      for (VmSettings vm : vms) {
        AccessSettings a = vm.access();
        boolean passesEnd = (a.pattern() == AccessPattern.SEQUENTIAL || a.pattern() == AccessPattern.TRACE)
            && a.passes() > 0;
        if (!passesEnd) {
          throw scenario.child("run").error("until", "work needs an end for every vCPU: VM " + vm.name()
              + " has pattern " + a.pattern().configName() + " without passes; set run.max-accesses-per-vcpu"
              + " (or a sequential/trace pattern with access.passes > 0)");
        }
      }
    }
    for (DeviceSettings d : devices) {
      if (d.dma().totalBytes() == 0) {
        throw scenario.child("run").error("until", "work needs an end for every device: device " + d.name()
            + " has dma.total-bytes = 0; set tdpsim.defaults.device.dma.total-bytes or the device's own");
      }
    }
  }

  private static HostSettings host(ConfigReader host) {
    int units = host.intAtLeast("iommu-units", 1);
    int levels = host.intAtLeast("table-levels", 1);
    if (levels != 4 && levels != 5) {
      throw host.error("table-levels", "expected 4 or 5 (5 with LA57)");
    }
    int stripes = host.intAtLeast("table-stripes", 1);
    long granule = host.positiveBytes("table-stripe-granule");
    if (granule < 4096 || Long.bitCount(granule) != 1) {
      throw host.error("table-stripe-granule", "expected a power of two >= 4KiB");
    }
    return new HostSettings(units, levels, stripes, granule);
  }

  private static IommuSettings iommu(ConfigReader iommu) {
    PageSize maxLeaf = pageSize(iommu, "max-leaf");
    return new IommuSettings(maxLeaf, iommu.intAtLeast("iotlb-entries", 1), iommu.intAtLeast("psi-max-pages", 1),
        iommu.intAtLeast("pri-queue-depth", 1));
  }

  private static PageSize pageSize(ConfigReader reader, String key) {
    long bytes = reader.positiveBytes(key);
    return PageSize.ofBytes(bytes).orElseThrow(() -> reader.error(key, "expected one of " + PAGE_SIZES));
  }

  private List<ConfigReader> elements(ConfigReader scenario, String key, String defaultsPath) {
    return scenario.elements(key, merged.getConfig(defaultsPath), defaultsPath);
  }

  // ---- VMs ----

  private void readVms(ConfigReader scenario, HostSettings host) {
    Map<String, String> pathByName = new LinkedHashMap<>();
    for (ConfigReader vm : elements(scenario, "vms", "tdpsim.defaults.vm")) {
      String name = vm.string("name");
      if (name.isBlank()) {
        throw vm.error("name", "expected a non-empty VM name");
      }
      if (pathByName.containsKey(name)) {
        throw vm.error("name", "duplicate VM name (also " + pathByName.get(name) + ")");
      }
      pathByName.put(name, vm.at("name"));
      int count = vm.intAtLeast("count", 1);
      int vcpus = vm.intAtLeast("vcpus", 1);
      List<MemslotSettings> memslots = memslots(vm, host);
      checkFrameSpace(vm, memslots, count);
      List<MmioSettings> mmio = mmio(vm, memslots);
      boolean viommu = vm.bool("viommu");
      int tlbEntries = vm.intAtLeast("tlb-entries", 1);
      AccessSettings access = access(vm.child("access"));
      long pages = memslots.stream().mapToLong(MemslotSettings::pages).sum();
      if (access.perVcpuPartition() && pages < vcpus) {
        throw vm.error("vcpus", "more vCPUs than the " + pages + " pages they partition (per-vcpu-partition = true)");
      }
      entities += (long) count * vcpus;
      if (entities > HostLimits.MAX_ENTITIES) {
        throw vm.error(count > 1 ? "count" : "vcpus", "more than " + HostLimits.MAX_ENTITIES
            + " simulated vCPUs and devices in all (" + entities + " so far); use fewer VMs or vCPUs");
      }
      List<Integer> indices = new ArrayList<>();
      for (int replica = 0; replica < count; replica++) {
        String replicaName = count == 1 ? name : name + "-" + replica;
        indices.add(vms.size());
        vms.add(new VmSettings(vms.size(), replicaName, vcpus, memslots, viommu, tlbEntries, access, mmio));
      }
      vmIndicesByName.put(name, indices);
      vmElements.add(vm);
    }
    // Replica names may collide with another element's name ("web" x2 and "web-1").
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (VmSettings vm : vms) {
      Integer previous = seen.putIfAbsent(vm.name(), vm.index());
      if (previous != null) {
        ConfigReader element = vmElements.get(elementOf(vm.index()));
        throw element.error("name", "duplicate VM name " + vm.name() + " after replica expansion");
      }
    }
    for (VmSettings vm : vms) {
      vmIndicesByName.putIfAbsent(vm.name(), List.of(vm.index()));
    }
  }

  private int elementOf(int vmIndex) {
    int element = 0;
    for (List<Integer> indices : vmIndicesByName.values()) {
      if (indices.contains(vmIndex)) {
        return element;
      }
      element++;
    }
    throw new IllegalStateException("no element for VM " + vmIndex);
  }

  /**
   * Emulated-MMIO ranges: 4 KiB-aligned, outside every memslot and each other, below 2^48 (the 4-level GPA
   * space), with shares summing to at most 1.
   */
  private static List<MmioSettings> mmio(ConfigReader vm, List<MemslotSettings> memslots) {
    List<ConfigReader> elements = vm.elements("mmio", ConfigFactory.parseString("share = 0.01"), null);
    List<MmioSettings> ranges = new ArrayList<>();
    double shares = 0;
    for (ConfigReader r : elements) {
      for (String key : r.config().root().keySet()) {
        if (!List.of("gpa", "size", "share").contains(key)) {
          throw r.error(key, "unknown key; an mmio range has gpa, size and share");
        }
      }
      long gpa = r.bytes("gpa");
      if (gpa < 0 || (gpa & 0xfff) != 0) {
        throw r.error("gpa", "expected a 4KiB-aligned guest-physical address >= 0");
      }
      long size = r.positiveBytes("size");
      if ((size & 0xfff) != 0) {
        throw r.error("size", "expected a multiple of 4KiB");
      }
      if (gpa + size > (1L << 48)) {
        throw r.error("size", "range ends above the 48-bit guest-physical space");
      }
      for (MemslotSettings slot : memslots) {
        if (gpa < slot.endGpa() && slot.gpa() < gpa + size) {
          throw r.error("gpa", "emulated MMIO must lie outside the memslots; overlaps " + hex(slot.gpa()) + "-"
              + hex(slot.endGpa()));
        }
      }
      for (MmioSettings other : ranges) {
        if (gpa < other.gpa() + other.sizeBytes() && other.gpa() < gpa + size) {
          throw r.error("gpa", "overlaps another mmio range (" + hex(other.gpa()) + ")");
        }
      }
      double share = r.ratio("share");
      shares += share;
      if (shares > 1) {
        throw r.error("share", "the shares of a VM's mmio ranges add up to more than 1");
      }
      ranges.add(new MmioSettings(gpa, size, share));
    }
    ranges.sort((a, b) -> Long.compare(a.gpa(), b.gpa()));
    return ranges;
  }

  /**
   * The element's replicas, numbered from the VMs already read, must fit the host frame space
   * ({@link HostLimits}); checked before the replicas exist, so that a huge count fails here, at once.
   */
  private void checkFrameSpace(ConfigReader vm, List<MemslotSettings> memslots, int count) {
    MemslotSettings last = memslots.get(memslots.size() - 1);
    long maxVms = HostLimits.maxVms(last.endGfn());
    long lastIndex = (long) vms.size() + count - 1;
    if (lastIndex >= maxVms) {
      String what = count > 1 ? "VMs " + vms.size() + ".." + lastIndex : "VM " + lastIndex;
      throw vm.error("count", what + " with guest-physical space up to " + hex(last.endGpa())
          + " do not fit the " + HostLimits.PFN_BITS + "-bit host frame space (at most " + maxVms
          + " such VMs in all); use fewer or smaller VMs");
    }
  }

  private List<MemslotSettings> memslots(ConfigReader vm, HostSettings host) {
    List<ConfigReader> elements = vm.elements("memslots", MEMSLOT_FALLBACK, null);
    if (elements.isEmpty()) {
      throw vm.error("memslots", "expected at least one memslot { gpa, size, backing }");
    }
    List<MemslotSettings> slots = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      ConfigReader slot = elements.get(i);
      PageSize backing = pageSize(slot, "backing");
      long gpa = slot.bytes("gpa");
      if (gpa < 0) {
        throw slot.error("gpa", "expected an address >= 0");
      }
      long size = slot.positiveBytes("size");
      if (gpa % backing.bytes() != 0) {
        throw slot.error("gpa", "not aligned to the " + backing.label() + " backing");
      }
      if (size % backing.bytes() != 0) {
        throw slot.error("size", "not a multiple of the " + backing.label() + " backing");
      }
      long reach = HostLimits.tableReach(host.tableLevels());
      if (gpa >= reach || size > reach - gpa) {
        throw slot.error(gpa >= reach ? "gpa" : "size", "memslot ends beyond " + hex(reach) + ", the reach of a "
            + host.tableLevels() + "-level table" + (host.tableLevels() == 4
                ? " (tdpsim.scenario.host.table-levels = 5 reaches 57 bits)" : ""));
      }
      if (!HostLimits.fits(0, (gpa + size) >>> 12)) {
        throw slot.error("size", "memslot ends at " + hex(gpa + size) + ", beyond the " + HostLimits.PFN_BITS
            + "-bit host frame space's " + hex(HostLimits.maxVmsEndGpa()) + " of guest-physical space per VM");
      }
      for (int j = 0; j < i; j++) {
        MemslotSettings other = slots.get(j);
        if (gpa < other.endGpa() && other.gpa() < gpa + size) {
          String span = hex(other.gpa()) + "-" + hex(other.endGpa());
          throw slot.error("gpa", "overlaps memslot [" + j + "] (" + span + ")");
        }
      }
      slots.add(new MemslotSettings(gpa, size, backing));
    }
    slots.sort((a, b) -> Long.compare(a.gpa(), b.gpa()));
    return slots;
  }

  private AccessSettings access(ConfigReader access) {
    AccessPattern pattern = access.named("pattern", AccessPattern::ofConfigName, AccessPattern.validNames());
    double zipfSkew = access.doubleValue("zipf-skew");
    if (!(zipfSkew > 0)) {
      throw access.error("zipf-skew", "expected a zipf exponent > 0");
    }
    double hotFraction = access.ratio("hot-fraction");
    if (hotFraction == 0) {
      throw access.error("hot-fraction", "expected a number in (0, 1]");
    }
    double hotProbability = access.ratio("hot-probability");
    double writeRatio = access.ratio("write-ratio");
    long thinkTimeNs = access.durationNs("think-time", false);
    boolean partition = access.bool("per-vcpu-partition");
    int passes = access.intAtLeast("passes", 0);
    String traceText = access.string("trace-file");
    Optional<Path> traceFile = Optional.empty();
    if (!traceText.isEmpty() || pattern == AccessPattern.TRACE) {
      if (traceText.isEmpty()) {
        throw access.error("trace-file", "expected a lackey trace file for pattern = trace");
      }
      Path trace = baseDir.resolve(traceText).normalize();
      if (!Files.isRegularFile(trace) || !Files.isReadable(trace)) {
        throw access.error("trace-file", "cannot read trace file " + trace);
      }
      traceFile = Optional.of(trace);
    }
    return new AccessSettings(pattern, zipfSkew, hotFraction, hotProbability, writeRatio, thinkTimeNs, partition,
        traceFile, passes);
  }

  /** The VM indices a {@code vm = name} key refers to: all replicas of an element, or one replica by name. */
  private List<Integer> vmRef(ConfigReader reader) {
    String name = reader.string("vm");
    if (name.isEmpty()) {
      throw ConfigReader.errorAt(origin, reader.at("vm"), null, "missing; expected the name of a VM");
    }
    List<Integer> indices = vmIndicesByName.get(name);
    if (indices == null) {
      String known = vmElements.isEmpty() ? "none defined" : String.join(", ", vmElementNames());
      throw reader.error("vm", "no VM with this name (VMs: " + known + ")");
    }
    return indices;
  }

  private List<String> vmElementNames() {
    List<String> names = new ArrayList<>();
    for (ConfigReader vm : vmElements) {
      names.add(vm.string("name"));
    }
    return names;
  }

  // ---- devices ----

  private List<DeviceSettings> devices(ConfigReader scenario, HostSettings host) {
    List<DeviceSettings> devices = new ArrayList<>();
    Map<String, String> pathByName = new LinkedHashMap<>();
    for (ConfigReader device : elements(scenario, "devices", "tdpsim.defaults.device")) {
      String name = device.string("name");
      List<Integer> vmIndices = vmRef(device);
      int count = device.intAtLeast("count", 1);
      String kind = device.named("kind", DeviceKind::ofConfigName, DeviceKind.validNames()).configName();
      int unit = device.intAtLeast("iommu-unit", 0);
      if (unit >= host.iommuUnits()) {
        throw device.error("iommu-unit", "expected an IOMMU unit index in [0, " + host.iommuUnits()
            + ") (tdpsim.scenario.host.iommu-units = " + host.iommuUnits() + ")");
      }
      boolean ats = device.bool("ats");
      int devtlbEntries = device.intAtLeast("devtlb-entries", 1);
      boolean pri = device.bool("pri");
      if (pri && !ats) {
        throw device.error("pri", "PRI needs ats = true (page requests work on ATS translations)");
      }
      int priMaxOutstanding = device.intAtLeast("pri-max-outstanding", 1);
      double priCoverage = device.ratio("pri-coverage");
      if (priCoverage < 1 && !pri) {
        throw device.error("pri-coverage", "a share of buffers that may fault needs pri = true (without PRI no "
            + "buffer can fault)");
      }
      entities += (long) count * vmIndices.size();
      if (entities > HostLimits.MAX_ENTITIES) {
        throw device.error("count", "more than " + HostLimits.MAX_ENTITIES
            + " simulated vCPUs and devices in all (" + entities + " so far); use fewer devices");
      }
      for (int vmIndex : vmIndices) {
        DmaSettings dma = dma(device.child("dma"), vms.get(vmIndex));
        for (int k = 0; k < count; k++) {
          String fullName = vms.get(vmIndex).name() + "/" + name + (count == 1 ? "" : "-" + k);
          String previous = pathByName.putIfAbsent(fullName, device.at("name"));
          if (previous != null) {
            throw device.error("name", "duplicate device " + fullName + " (also " + previous + ")");
          }
          devices.add(new DeviceSettings(devices.size(), fullName, vmIndex, kind, unit, ats, devtlbEntries, pri, dma,
              priMaxOutstanding, priCoverage));
        }
      }
    }
    return devices;
  }

  private static DmaSettings dma(ConfigReader dma, VmSettings vm) {
    DmaPattern pattern = dma.named("pattern", DmaPattern::ofConfigName, DmaPattern.validNames());
    long ringSize = dma.positiveBytes("ring-size");
    long base = dma.bytes("buffer-base");
    if (base < 0 || (base & 0xfff) != 0) {
      throw dma.error("buffer-base", "expected a 4KiB-aligned guest-physical address >= 0");
    }
    long regionSize = dma.positiveBytes("region-size");
    long transferSize = dma.positiveBytes("transfer-size");
    if ((transferSize & 0xfff) != 0) {
      throw dma.error("transfer-size", "expected a multiple of 4KiB");
    }
    String extentKey = pattern == DmaPattern.RING ? "ring-size" : "region-size";
    long extent = pattern == DmaPattern.RING ? ringSize : regionSize;
    if (extent < transferSize) {
      throw dma.error(extentKey, "expected a size >= transfer-size (" + transferSize + " bytes)");
    }
    if (!covered(vm, base, extent)) {
      throw dma.error("buffer-base", "DMA range " + hex(base) + "-" + hex(base + extent)
          + " is not inside the memslots of VM " + vm.name());
    }
    long rate = dma.rateBytesPerSec("rate");
    double writeRatio = dma.ratio("write-ratio");
    long totalBytes = dma.bytes("total-bytes");
    if (totalBytes < 0 || (totalBytes & 0xfff) != 0) {
      throw dma.error("total-bytes", "expected a multiple of 4KiB >= 0 (0 = until the run ends)");
    }
    double mmioShare = dma.ratio("mmio-share");
    if (mmioShare > 0 && vm.mmio().isEmpty()) {
      throw dma.error("mmio-share", "VM " + vm.name() + " has no mmio range for the device to target");
    }
    MmioSettings target = vm.mmio().isEmpty() ? null : vm.mmio().get(0);
    return new DmaSettings(pattern, ringSize, base, regionSize, transferSize, rate, writeRatio, totalBytes,
        mmioShare, target == null ? 0 : target.gpa(), target == null ? 0 : target.sizeBytes());
  }

  private void checkModesAgainstDevices(ConfigReader scenario, List<Mode> modes, List<DeviceSettings> devices) {
    for (Mode mode : modes) {
      if (!mode.isDevicePageRequests() || mode.isExportedRoot()) {
        // rfc-tdp-fd refuses a device without PRI as a design (reported), not as a scenario mistake.
        continue;
      }
      for (DeviceSettings device : devices) {
        if (!device.pri()) {
          throw scenario.error("modes", "mode " + mode.configName() + " needs pri = true on every device, but device "
              + device.name() + " has pri = false (drop the mode or enable ats and pri)");
        }
      }
    }
  }

  // ---- host events and migrations ----

  private List<HostEventSettings> hostEvents(ConfigReader scenario, long durationNs) {
    List<HostEventSettings> events = new ArrayList<>();
    for (ConfigReader event : elements(scenario, "host-events", "tdpsim.defaults.host-event")) {
      HostEventKind kind = event.named("kind", HostEventKind::ofConfigName, HostEventKind.validNames());
      List<Integer> vmIndices = vmRef(event);
      long everyNs = event.durationNs("every", true);
      long startNs = event.durationNs("start", false);
      if (startNs >= durationNs) {
        warnings.add(event.at("start") + " = " + ConfigReader.render(event.config().getValue("start")) + " is at or after "
            + "tdpsim.scenario.run.duration (" + durationNs + " ns): this host event never happens");
      }
      long range = event.positiveBytes("range");
      if ((range & 0xfff) != 0) {
        throw event.error("range", "expected a multiple of 4KiB");
      }
      ConfigReader region = event.child("region");
      long regionGpa = region.bytes("gpa");
      long regionSize = region.bytes("size");
      if (regionGpa < 0) {
        throw region.error("gpa", "expected an address >= 0");
      }
      if (regionSize < 0) {
        throw region.error("size", "expected a size >= 0 (0 = all of the VM's memory)");
      }
      for (int vmIndex : vmIndices) {
        VmSettings vm = vms.get(vmIndex);
        long gpa = regionGpa;
        long size = regionSize;
        if (size == 0) {
          gpa = vm.memslots().get(0).gpa();
          size = vm.memslots().get(vm.memslots().size() - 1).endGpa() - gpa;
        } else if (!covered(vm, gpa, size)) {
          throw region.error("gpa", "region " + hex(gpa) + "-" + hex(gpa + size)
              + " is not inside the memslots of VM " + vm.name());
        }
        if (HostEventSettings.chunkCount(vm, gpa, size, range) == 0) {
          throw event.error("range", "no range-aligned chunk of this size fits in the region and the memslots of VM "
              + vm.name());
        }
        events.add(new HostEventSettings(kind, vmIndex, everyNs, startNs, range, gpa, size));
      }
    }
    return events;
  }

  private List<MigrationSettings> migrations(ConfigReader scenario, long durationNs) {
    List<MigrationSettings> migrations = new ArrayList<>();
    for (ConfigReader migration : elements(scenario, "migrations", "tdpsim.defaults.migration")) {
      List<Integer> vmIndices = vmRef(migration);
      long startNs = migration.durationNs("start", false);
      if (startNs >= durationNs) {
        warnings.add(migration.at("start") + " = " + ConfigReader.render(migration.config().getValue("start")) + " is at or "
            + "after tdpsim.scenario.run.duration (" + durationNs + " ns): this migration never starts");
      }
      long bandwidth = migration.rateBytesPerSec("bandwidth");
      int maxRounds = migration.intAtLeast("max-rounds", 1);
      int convergePages = migration.intAtLeast("converge-pages", 0);
      DirtyTracking tracking =
          migration.named("dirty-tracking", DirtyTracking::ofConfigName, DirtyTracking.validNames());
      boolean initiallySet = migration.bool("initially-set");
      DeviceDirtyTracking deviceTracking = migration.named("device-tracking", DeviceDirtyTracking::ofConfigName,
          DeviceDirtyTracking.validNames());
      HugePageSplit split = migration.named("huge-page-split", HugePageSplit::ofConfigName,
          HugePageSplit.validNames());
      for (int vmIndex : vmIndices) {
        migrations.add(new MigrationSettings(vmIndex, startNs, bandwidth, maxRounds, convergePages, tracking,
            initiallySet, deviceTracking, split));
      }
    }
    return migrations;
  }

  // ---- geometry ----

  /** True when every byte of [gpa, gpa + size) lies in some memslot of the VM (slots sorted, not overlapping). */
  static boolean covered(VmSettings vm, long gpa, long size) {
    long cursor = gpa;
    long end = gpa + size;
    for (MemslotSettings slot : vm.memslots()) {
      if (slot.containsGpa(cursor)) {
        cursor = slot.endGpa();
        if (cursor >= end) {
          return true;
        }
      }
    }
    return cursor >= end;
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}
