package tdpsim.loadgen.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.protocol.Mode;
import tdpsim.protocol.PageSize;

class ScenarioLoaderTest {
  /** A valid scenario the error tests change one thing in. */
  private static final String VM = "name = a, vcpus = 2, memslots = [{ gpa = 0, size = 64MiB }]";

  @TempDir
  Path dir;

  private Path write(String body) throws IOException {
    Path file = dir.resolve("scenario.conf");
    Files.writeString(file, body);
    return file;
  }

  private void assertError(String body, String expectedAfterFile) throws IOException {
    Path file = write(body);
    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(file + ": " + expectedAfterFile)
        .satisfies(e -> assertThat(((ScenarioException) e).exitCode()).isEqualTo(2))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static VmSettings vm0(Scenario s) {
    return s.vms().get(0);
  }

  // ---- valid scenarios ----

  @Test
  void minimalScenarioGetsReferenceDefaults() throws IOException {
    Scenario s = ScenarioLoader.load(write("tdpsim.scenario.vms = [{ name = a }]"));

    // The five designs; rfc-tdp-fd runs only when a scenario lists it.
    assertThat(s.modes()).containsExactly(Mode.SEPARATE, Mode.SHARED_PREPOPULATED, Mode.SHARED_IOPF,
        Mode.SEPARATE_IOPF, Mode.VIOMMU_SHADOW);
    assertThat(s.rfc()).isEqualTo(RfcSettings.DEFAULTS);
    assertThat(s.devices()).allSatisfy(d -> assertThat(d.priCoverage()).isEqualTo(1.0));
    assertThat(vm0(s).mmio()).isEmpty();
    assertThat(s.run().durationNs()).isEqualTo(5_000_000L);
    assertThat(s.host()).isEqualTo(new HostSettings(1, 4, 64, 2L << 20));
    assertThat(s.iommu()).isEqualTo(new IommuSettings(PageSize.SIZE_1G, 512, 512, 2048));
    VmSettings vm = s.vms().get(0);
    assertThat(vm.memslots()).containsExactly(new MemslotSettings(0, 1L << 30, PageSize.SIZE_4K));
    assertThat(vm.access().pattern()).isEqualTo(AccessPattern.UNIFORM);
    assertThat(vm.access().thinkTimeNs()).isEqualTo(100);
    assertThat(vm.memoryBytes()).isEqualTo(1L << 30);
    assertThat(vm.maxGfn()).isEqualTo(1L << 18);
  }

  @Test
  void replicasAndPerReplicaDevicesAreExpanded() throws IOException {
    Scenario s = ScenarioLoader.load(write("""
        tdpsim.scenario {
          host.iommu-units = 2
          modes = [separate]
          vms = [{ name = web, count = 3, memslots = [{ gpa = 0, size = 64MiB }] }, { name = db }]
          devices = [{ name = nic, vm = web, count = 2, iommu-unit = 1 }, { name = ssd, vm = db, kind = nvme }]
          host-events = [{ kind = ksm, vm = web, every = 1ms }]
          migrations = [{ vm = web-1, bandwidth = 25Gbit }]
        }
        """));

    assertThat(s.vms()).extracting(VmSettings::name).containsExactly("web-0", "web-1", "web-2", "db");
    assertThat(s.devices()).extracting(DeviceSettings::name)
        .containsExactly("web-0/nic-0", "web-0/nic-1", "web-1/nic-0", "web-1/nic-1", "web-2/nic-0", "web-2/nic-1",
            "db/ssd");
    assertThat(s.devices()).extracting(DeviceSettings::vmIndex).containsExactly(0, 0, 1, 1, 2, 2, 3);
    assertThat(s.devicesOf(3)).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo("nvme"));
    assertThat(s.hostEvents()).extracting(HostEventSettings::vmIndex).containsExactly(0, 1, 2);
    assertThat(s.hostEvents().get(0).regionBytes()).isEqualTo(64L << 20);
    assertThat(s.migrations()).singleElement().satisfies(m -> {
      assertThat(m.vmIndex()).isEqualTo(1);
      assertThat(m.bandwidthBytesPerSec()).isEqualTo(25_000_000_000L / 8);
    });
  }

  @Test
  void overridesLayerOnTopOfTheFileAndOfTheDefaults() throws IOException {
    Path file = write("tdpsim.scenario { seed = 7, vms = [{ name = a }, { name = b, vcpus = 3 }] }");

    Scenario s = ScenarioLoader.load(file, Map.of("tdpsim.scenario.seed", 99, "tdpsim.defaults.vm.vcpus", 8,
        "tdpsim.scenario.modes", List.of("shared-prepopulated")));

    assertThat(s.seed()).isEqualTo(99);
    assertThat(s.modes()).containsExactly(Mode.SHARED_PREPOPULATED);
    assertThat(s.vms()).extracting(VmSettings::vcpus).containsExactly(8, 3);
  }

  @Test
  void builtinDefaultIsSmallAndCoversTheMechanism() {
    Scenario s = ScenarioLoader.builtinDefault();

    assertThat(s.origin()).isEqualTo("builtin:default");
    assertThat(s.modes()).hasSize(5);
    assertThat(s.vms()).singleElement().satisfies(vm -> assertThat(vm.vcpus()).isGreaterThan(1));
    assertThat(s.devices()).singleElement().satisfies(d -> {
      assertThat(d.ats()).isTrue();
      assertThat(d.pri()).isTrue();
      assertThat(d.dma().pattern()).isEqualTo(DmaPattern.RING);
    });
    assertThat(s.hostEvents()).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(HostEventKind.RECLAIM));
    // Small, but with room for the on-demand designs to finish their work under the heavy-tailed fault cost
    // (sim-main's RunCommandTest checks that every design does); the run itself takes seconds.
    assertThat(s.run().durationNs()).isLessThanOrEqualTo(50_000_000L);
  }

  @Test
  void hexAddressesAndRatesParse() throws IOException {
    Scenario s = ScenarioLoader.load(write("""
        tdpsim.scenario {
          modes = [separate]
          vms = [{ name = a, memslots = [{ gpa = 0x100000000, size = 1GiB, backing = 1GiB }] }]
          devices = [{ vm = a, dma { buffer-base = "0x100200000", rate = "1.25GB/s", transfer-size = 8KiB } }]
        }
        """));

    DmaSettings dma = s.devices().get(0).dma();
    assertThat(dma.bufferBaseGpa()).isEqualTo(0x100200000L);
    assertThat(dma.rateBytesPerSec()).isEqualTo(1_250_000_000L);
    assertThat(dma.nsPerTransfer()).isEqualTo(Math.round(8192 / 1.25));
  }

  /**
   * Only the extent the pattern uses must hold a transfer: a random device moving 1 MiB at a time over its 16 MiB
   * region is valid although the (unused) ring-size is 256 KiB. ScenarioFuzzTest found it ending in an internal
   * error ("ringSizeBytes must be >= transferSizeBytes") instead of loading.
   */
  @Test
  void aTransferLargerThanTheUnusedExtentIsValid() throws IOException {
    Scenario s = ScenarioLoader.load(write("""
        tdpsim.scenario {
          modes = [separate]
          vms = [{ name = a, memslots = [{ gpa = 0, size = 64MiB }] }]
          devices = [{ vm = a, dma { pattern = random, buffer-base = 0, transfer-size = 1MiB } }]
        }
        """));
    assertThat(s.devices().get(0).dma().extentBytes()).isEqualTo(16L << 20);
    assertThat(s.devices().get(0).dma().ringSizeBytes()).isLessThan(s.devices().get(0).dma().transferSizeBytes());
  }

  // ---- validation: one test per kind of mistake, exact one-line message ----

  @Test
  void unknownKeySuggestsTheNearest() throws IOException {
    assertError("tdpsim.scenario { seeed = 3 }",
        "tdpsim.scenario.seeed = 3: unknown key; did you mean tdpsim.scenario.seed?");
  }

  @Test
  void unknownKeyInsideAListElementSuggestsTheNearest() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a }, { name = b, vcpu = 4 }]",
        "tdpsim.scenario.vms[1].vcpu = 4: unknown key; did you mean tdpsim.scenario.vms[1].vcpus?");
  }

  @Test
  void unknownKeyInsideANestedListElement() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, memslots = [{ gpa = 0, size = 1GiB, backng = 2MiB }] }]",
        "tdpsim.scenario.vms[0].memslots[0].backng = 2MiB: unknown key; did you mean "
            + "tdpsim.scenario.vms[0].memslots[0].backing?");
  }

  @Test
  void unknownKeyInAnElementObject() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, access { patern = zipf } }]",
        "tdpsim.scenario.vms[0].access.patern = zipf: unknown key; did you mean "
            + "tdpsim.scenario.vms[0].access.pattern?");
  }

  @Test
  void misspelledListAndRootKeysAreCaught() throws IOException {
    assertError("tdpsim.scenario.vm = [{ name = a }]",
        "tdpsim.scenario.vm = [{name=a}]: unknown key; did you mean tdpsim.scenario.vms?");
    assertError("tdpsm.scenario.seed = 3",
        "tdpsm = { ... }: unknown key; did you mean tdpsim?");
  }

  @Test
  void moreVcpusThanPagesToPartitionIsRejected() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, vcpus = 3, memslots = [{ gpa = 0, size = 8KiB }] }]",
        "tdpsim.scenario.vms[0].vcpus = 3: more vCPUs than the 2 pages they partition (per-vcpu-partition = true)");
  }

  @Test
  void wrongTypeOfAnObjectIsReported() throws IOException {
    Path file = write("tdpsim.scenario.run = 5");
    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(file + ": tdpsim.scenario.run = 5: ")
        .hasMessageContaining("object");
  }

  @Test
  void wrongTypeInsideAListElement() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, vcpus = four }]",
        "tdpsim.scenario.vms[0].vcpus = four: expected an integer >= 1");
  }

  @Test
  void zeroVcpusIsRejected() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, vcpus = 0 }]",
        "tdpsim.scenario.vms[0].vcpus = 0: expected an integer >= 1");
  }

  @Test
  void zeroOrNegativeSizesAreRejected() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, memslots = [{ gpa = 0, size = 0 }] }]",
        "tdpsim.scenario.vms[0].memslots[0].size = 0: expected a size > 0");
    assertError("tdpsim.scenario.vms = [{ " + VM + " }], tdpsim.scenario.devices = [{ vm = a, dma.ring-size = -4 }]"
            + ", tdpsim.scenario.modes = [separate]",
        "tdpsim.scenario.devices[0].dma.ring-size = -4: expected a size > 0");
  }

  @Test
  void overlappingMemslotsAreRejected() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, memslots = [{ gpa = 0, size = 2GiB }, "
            + "{ gpa = 0x40000000, size = 1GiB }] }]",
        "tdpsim.scenario.vms[0].memslots[1].gpa = 0x40000000: overlaps memslot [0] (0x0-0x80000000)");
  }

  @Test
  void hugeBackingMustAlignGpaAndSize() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, memslots = [{ gpa = 0x1000, size = 2MiB, backing = 2MiB }] }]",
        "tdpsim.scenario.vms[0].memslots[0].gpa = 0x1000: not aligned to the 2MiB backing");
    assertError("tdpsim.scenario.vms = [{ name = a, memslots = [{ gpa = 0, size = 3MiB, backing = 2MiB }] }]",
        "tdpsim.scenario.vms[0].memslots[0].size = 3MiB: not a multiple of the 2MiB backing");
  }

  @Test
  void unknownBackingSizeListsTheValidOnes() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, memslots = [{ gpa = 0, size = 1GiB, backing = 8KiB }] }]",
        "tdpsim.scenario.vms[0].memslots[0].backing = 8KiB: expected one of 4KiB, 2MiB, 1GiB");
  }

  @Test
  void deviceOnAnUnknownVmIsRejected() throws IOException {
    assertError("tdpsim.scenario { vms = [{ " + VM + " }], devices = [{ vm = b }] }",
        "tdpsim.scenario.devices[0].vm = b: no VM with this name (VMs: a)");
  }

  @Test
  void unknownModeListsTheValidOnes() throws IOException {
    assertError("tdpsim.scenario.modes = [separate, shared]",
        "tdpsim.scenario.modes = [separate,shared]: unknown mode shared; expected modes from separate, "
            + "shared-prepopulated, shared-iopf, separate-iopf, viommu-shadow, rfc-tdp-fd");
  }

  @Test
  void iopfModeNeedsPriOnEveryDevice() throws IOException {
    assertError("tdpsim.scenario { modes = [separate, shared-iopf], vms = [{ " + VM + " }], devices = [{ vm = a }] }",
        "tdpsim.scenario.modes = [separate,shared-iopf]: mode shared-iopf needs pri = true on every device, "
            + "but device a/dev has pri = false (drop the mode or enable ats and pri)");
  }

  @Test
  void priWithoutAtsIsRejected() throws IOException {
    assertError("tdpsim.scenario { vms = [{ " + VM + " }], devices = [{ vm = a, pri = true }] }",
        "tdpsim.scenario.devices[0].pri = true: PRI needs ats = true (page requests work on ATS translations)");
  }

  @Test
  void unknownAccessPatternListsTheValidOnes() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, access.pattern = random }]",
        "tdpsim.scenario.vms[0].access.pattern = random: expected one of sequential, uniform, zipf, hot-cold, trace");
  }

  @Test
  void unknownDmaPatternListsTheValidOnes() throws IOException {
    assertError("tdpsim.scenario { modes = [separate], vms = [{ " + VM + " }], "
            + "devices = [{ vm = a, dma.pattern = stream }] }",
        "tdpsim.scenario.devices[0].dma.pattern = stream: expected one of ring, bulk, random");
  }

  @Test
  void unknownHostEventKindListsTheValidOnes() throws IOException {
    assertError("tdpsim.scenario { vms = [{ " + VM + " }], host-events = [{ vm = a, kind = swap }] }",
        "tdpsim.scenario.host-events[0].kind = swap: expected one of reclaim, migration, compaction, thp-split, "
            + "thp-collapse, ksm, age, memslot, dirty-log, dirty-log-stop, nx-recovery");
  }

  @Test
  void writeRatioOutsideUnitIntervalIsRejected() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, access.write-ratio = 1.5 }]",
        "tdpsim.scenario.vms[0].access.write-ratio = 1.5: expected a number in [0, 1]");
    assertError("tdpsim.defaults.device.dma.write-ratio = -0.1\n"
            + "tdpsim.scenario { modes = [separate], vms = [{ " + VM + " }], devices = [{ vm = a }] }",
        "tdpsim.defaults.device.dma.write-ratio = -0.1: expected a number in [0, 1]");
  }

  @Test
  void zipfSkewMustBePositive() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, access { pattern = zipf, zipf-skew = 0 } }]",
        "tdpsim.scenario.vms[0].access.zipf-skew = 0: expected a zipf exponent > 0");
  }

  @Test
  void duplicateVmNamesAreRejected() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a }, { name = a }]",
        "tdpsim.scenario.vms[1].name = a: duplicate VM name (also tdpsim.scenario.vms[0].name)");
    assertError("tdpsim.scenario.vms = [{ name = a, count = 2 }, { name = a-1 }]",
        "tdpsim.scenario.vms[1].name = a-1: duplicate VM name a-1 after replica expansion");
  }

  @Test
  void iommuUnitOutOfRangeIsRejected() throws IOException {
    assertError("tdpsim.scenario { modes = [separate], host.iommu-units = 2, vms = [{ " + VM + " }], "
            + "devices = [{ vm = a, iommu-unit = 2 }] }",
        "tdpsim.scenario.devices[0].iommu-unit = 2: expected an IOMMU unit index in [0, 2) "
            + "(tdpsim.scenario.host.iommu-units = 2)");
  }

  @Test
  void tableLevelsMustBeFourOrFive() throws IOException {
    assertError("tdpsim.scenario.host.table-levels = 3",
        "tdpsim.scenario.host.table-levels = 3: expected 4 or 5 (5 with LA57)");
  }

  @Test
  void hostEventRegionOutsideTheMemslotsIsRejected() throws IOException {
    assertError("tdpsim.scenario { vms = [{ " + VM + " }], "
            + "host-events = [{ vm = a, region { gpa = 0x3000000, size = 32MiB } }] }",
        "tdpsim.scenario.host-events[0].region.gpa = 0x3000000: region 0x3000000-0x5000000 is not inside the "
            + "memslots of VM a");
  }

  @Test
  void dmaBufferOutsideTheMemslotsIsRejected() throws IOException {
    assertError("tdpsim.scenario { modes = [separate], vms = [{ " + VM + " }], "
            + "devices = [{ vm = a, dma.buffer-base = 0x4000000 }] }",
        "tdpsim.scenario.devices[0].dma.buffer-base = 0x4000000: DMA range 0x4000000-0x4040000 is not inside the "
            + "memslots of VM a");
  }

  @Test
  void unreadableTraceFileIsRejected() throws IOException {
    assertError("tdpsim.scenario.vms = [{ name = a, access { pattern = trace, trace-file = missing.lackey } }]",
        "tdpsim.scenario.vms[0].access.trace-file = missing.lackey: cannot read trace file "
            + dir.resolve("missing.lackey"));
  }

  @Test
  void deviceWithoutVmIsRejected() throws IOException {
    assertError("tdpsim.scenario { vms = [{ " + VM + " }], devices = [{ name = nic }] }",
        "tdpsim.scenario.devices[0].vm: missing; expected the name of a VM");
  }

  @Test
  void badValueInheritedFromDefaultsNamesTheDefaultsKey() throws IOException {
    assertError("tdpsim.defaults.vm.access.think-time = -1ms\ntdpsim.scenario.vms = [{ name = a }]",
        "tdpsim.defaults.vm.access.think-time = -1ms: expected a duration >= 0 (e.g. 0, 100ns, 1ms)");
  }

  @Test
  void migrationOfUnknownVmIsRejected() throws IOException {
    assertError("tdpsim.scenario { vms = [{ " + VM + " }], migrations = [{ vm = z }] }",
        "tdpsim.scenario.migrations[0].vm = z: no VM with this name (VMs: a)");
  }

  @Test
  void badRateIsRejected() throws IOException {
    assertError("tdpsim.scenario { vms = [{ " + VM + " }], migrations = [{ vm = a, bandwidth = fast }] }",
        "tdpsim.scenario.migrations[0].bandwidth = fast: expected a rate > 0 such as 10Gbit/s, 1.25GB/s or 100MiB/s");
  }

  @Test
  void missingScenarioFileIsRejected() {
    Path file = dir.resolve("nope.conf");
    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(file + ": cannot read scenario file: no such file");
  }

  @Test
  void syntaxErrorNamesTheLine() throws IOException {
    Path file = write("tdpsim.scenario {\n  seed = 1\n  name = [\n");
    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(file + ": line 4: syntax error: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void emptyModeListIsRejected() throws IOException {
    assertError("tdpsim.scenario.modes = []",
        "tdpsim.scenario.modes = []: expected at least one of separate, shared-prepopulated, shared-iopf, "
            + "separate-iopf, viommu-shadow, rfc-tdp-fd");
  }

  @Test
  void editDistanceIsLevenshtein() {
    assertThat(EditDistance.of("kitten", "sitting")).isEqualTo(3);
    assertThat(EditDistance.of("", "abc")).isEqualTo(3);
    assertThat(EditDistance.nearest("vcpu", List.of("count", "vcpus", "viommu"))).isEqualTo("vcpus");
  }

  // ---- issue 14: rfc-tdp-fd, pri-coverage, mmio ranges ----

  @Test
  void mmioRangesPriCoverageAndTheRfcSettingParse() throws IOException {
    Scenario s = ScenarioLoader.load(write("""
        tdpsim.scenario {
          modes = [rfc-tdp-fd, shared-iopf]
          rfc.huge-page-mismatch = cap
          vms = [{ name = a, memslots = [{ gpa = 0, size = 64MiB }]
                   mmio = [{ gpa = "0xC0000000", size = 8KiB, share = 0.05 }] }]
          devices = [{ vm = a, ats = true, pri = true, pri-coverage = 0.75
                       dma { ring-size = 64KiB, mmio-share = 0.1 } }]
        }
        """));
    assertThat(s.modes()).containsExactly(Mode.RFC_TDP_FD, Mode.SHARED_IOPF);
    assertThat(s.rfc().hugePageMismatch()).isEqualTo(RfcSettings.HugePageMismatch.CAP);
    assertThat(vm0(s).mmio()).containsExactly(new MmioSettings(0xC0000000L, 8192, 0.05));
    DeviceSettings d = s.devices().get(0);
    assertThat(d.priCoverage()).isEqualTo(0.75);
    // 16 pages of ring, the first quarter cannot fault.
    assertThat(d.pinnedPages()).isEqualTo(4);
    assertThat(d.dma().mmioShare()).isEqualTo(0.1);
    assertThat(d.dma().mmioGpa()).isEqualTo(0xC0000000L);
  }

  @Test
  void badRfcPriCoverageAndMmioSettingsAreOneLineErrors() throws IOException {
    String vm = "tdpsim.scenario.vms = [{ " + VM + " }], ";
    assertError(vm + "tdpsim.scenario.rfc.huge-page-mismatch = shrink",
        "tdpsim.scenario.rfc.huge-page-mismatch = shrink: expected one of refuse, cap");
    assertError(vm + "tdpsim.scenario.modes = [separate], tdpsim.scenario.devices = [{ vm = a, pri-coverage = 0.5 }]",
        "tdpsim.scenario.devices[0].pri-coverage = 0.5: a share of buffers that may fault needs pri = true "
            + "(without PRI no buffer can fault)");
    assertError(vm + "tdpsim.scenario.modes = [separate], tdpsim.scenario.devices = [{ vm = a, ats = true, pri = true,"
            + " pri-coverage = 1.5 }]",
        "tdpsim.scenario.devices[0].pri-coverage = 1.5: expected a number in [0, 1]");
    assertError("tdpsim.scenario.vms = [{ " + VM + ", mmio = [{ gpa = 0x1000000, size = 4KiB }] }]",
        "tdpsim.scenario.vms[0].mmio[0].gpa = 0x1000000: emulated MMIO must lie outside the memslots; overlaps "
            + "0x0-0x4000000");
    assertError("tdpsim.scenario.vms = [{ " + VM + ", mmio = [{ gpa = 0x80000000, size = 4KiB, shrae = 1 }] }]",
        "tdpsim.scenario.vms[0].mmio[0].shrae = 1: unknown key; an mmio range has gpa, size and share");
    assertError(vm + "tdpsim.scenario.modes = [separate], tdpsim.scenario.devices = [{ vm = a, dma.mmio-share = 0.1 }]",
        "tdpsim.scenario.devices[0].dma.mmio-share = 0.1: VM a has no mmio range for the device to target");
  }
}
