package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.memory.GfnRange;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.protocol.Access;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

/**
 * Issue 14 on machines small enough to count by hand: the 2023 RFC's exported root (rfc-tdp-fd), devices whose
 * buffers cannot all fault (pri-coverage below 1), and entry-format hazards of a shared table.
 */
class RfcAndCoverageTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final long PAGES = TestMachines.GIB_PAGES;
  /** One emulated-MMIO page just above the 1 GiB memslot. */
  private static final long MMIO_GFN = PAGES + 16;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private static StatsMerger run(MachineSpec spec) {
    TestProbe<Machine.Finished> probe = KIT.createTestProbe();
    KIT.spawn(MachineGuardian.create(spec)).tell(new Machine.Start(probe.getRef()));
    Machine.Finished f = probe.expectMessageClass(Machine.Finished.class, Duration.ofSeconds(60));
    assertThat(f.complete()).as(f.stopReason()).isTrue();
    StatsMerger m = new StatsMerger();
    f.entities().forEach(m::add);
    return m;
  }

  private static SimConfig config(Mode mode, long durationNs) {
    return TestMachines.config(mode, durationNs, SimConfig.Kvm.DEFAULTS);
  }

  /** A VM of 1 GiB (4 KiB backing) with one emulated-MMIO page. */
  private static MachineSpec.Vm vmWithMmio(java.util.function.IntFunction<AccessSource> source) {
    return new MachineSpec.Vm(0, "vm0", 1, List.of(new GuestLayout.Memslot(0, PAGES, 1)), false, 1536, 0, 0, source,
        List.of(new GfnRange(MMIO_GFN, MMIO_GFN + 1)));
  }

  /** {@code first} accesses over [5000, 5008), then writes to {@code gfn} forever. */
  private static AccessSource ringThen(long first, long gfn) {
    long[] n = {0};
    return (buf, max) -> {
      for (int i = 0; i < max; i++, n[0]++) {
        buf[i] = n[0] < first ? Access.encode(5000 + (n[0] % 8), true) : Access.encode(gfn, true);
      }
      return max;
    };
  }

  private static MachineSpec.Device device(AccessSource dma, GfnRange pinned) {
    return new MachineSpec.Device(new AssignedDeviceActor.Spec(0, "nic0", 0, 0, true, 64, true, 3_000), () -> dma,
        pinned, false);
  }

  /**
   * Point 1: the exported root is never invalidated. A memslot change with zap-all zaps its leaves in place: no
   * root switch, no PASID update, no drain, no table page freed; the IOTLB gets a domain-selective invalidation
   * inside the write hold. shared-iopf (the talk) switches roots instead.
   */
  @Test
  void zapAllZapsTheExportedRootsLeavesWithoutARootSwitch() {
    List<HostEventSpec> events = List.of(new HostEventSpec(100_000, ZapCause.MEMSLOT, 0, 0, 512));
    MachineSpec rfc = TestMachines.spec(config(Mode.RFC_TDP_FD, 400_000),
        List.of(TestMachines.vm(0, PAGES, 1, 1, i -> TestMachines.ring(0, 16, false))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(2048, 2056, false))), events);
    StatsMerger m = run(rfc);
    assertThat(m.counter("exportedRootLeafZaps")).isEqualTo(1);
    assertThat(m.counter("rootSwitches")).isZero();
    assertThat(m.counter("pasidEntryUpdates")).isZero();
    assertThat(m.counter("drains")).isZero();
    assertThat(m.counter("tablePagesFreed")).isZero();
    assertThat(m.counter("iotlbInvalidationsDomainSelective")).isEqualTo(1);
    // Population on demand only: nothing pre-faulted, nothing pinned; device misses were page requests.
    assertThat(m.counter("prefaultedPages")).isZero();
    assertThat(m.counter("pinnedBytes")).isZero();
    assertThat(m.counter("devicePageRequests")).isPositive();
    assertThat(m.counter("invariantViolations")).isZero();

    MachineSpec talk = TestMachines.spec(config(Mode.SHARED_IOPF, 400_000),
        List.of(TestMachines.vm(0, PAGES, 1, 1, i -> TestMachines.ring(0, 16, false))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(2048, 2056, false))), events);
    StatsMerger t = run(talk);
    assertThat(t.counter("rootSwitches")).isEqualTo(1);
    assertThat(t.counter("exportedRootLeafZaps")).isZero();
    assertThat(t.counter("drains")).isEqualTo(1);
  }

  /** Point 1: every KVM remote flush also invalidates the IOTLB and the device TLB, synchronously. */
  @Test
  void aReclaimInTheExportedRootInvalidatesTheIotlbAndDeviceTlbWithTheFlush() {
    List<HostEventSpec> events = List.of(new HostEventSpec(200_000, ZapCause.RECLAIM, 0, 5000, 5008));
    MachineSpec rfc = TestMachines.spec(config(Mode.RFC_TDP_FD, 400_000),
        List.of(TestMachines.vm(0, PAGES, 1, 1, i -> TestMachines.ring(0, 16, false))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(5000, 5008, true))), events);
    StatsMerger m = run(rfc);
    assertThat(m.counter("zap.reclaim")).isEqualTo(1);
    assertThat(m.counter("tlbFlushes")).isEqualTo(1);
    assertThat(m.counter("iotlbInvalidations")).isEqualTo(1);
    assertThat(m.counter("devtlbInvalidations")).isEqualTo(1);
    assertThat(m.counter("invariantViolations")).isZero();
  }

  /**
   * Points 1 and 3: a device write to an emulated-MMIO gfn. In shared-iopf the vCPU's MMIO SPTE (W|X, R=0) is in
   * the table the IOMMU walks and reads as writable-present: the writes go through (the harm). In rfc-tdp-fd
   * the exported root holds no MMIO SPTE and kvm_mmu_fault_exported_tdp fails the page request: a fatal device
   * fault. Bit 11 (SNP to VT-d) is a hazard of every leaf of the talk's table and of none of the RFC's.
   */
  @Test
  void aDeviceWriteToEmulatedMmioGoesThroughTheTalksTableAndIsAFatalFaultInTheRfc() {
    MachineSpec talk = TestMachines.spec(config(Mode.SHARED_IOPF, 600_000),
        List.of(vmWithMmio(i -> TestMachines.ring(MMIO_GFN, MMIO_GFN + 1, false))),
        List.of(device(ringThen(50, MMIO_GFN), new GfnRange(0, 0))), TestMachines.none());
    StatsMerger t = run(talk);
    assertThat(t.counter("formatHazards.mmioSpte")).isEqualTo(1);
    assertThat(t.counter("formatHazardDmas")).isPositive();
    assertThat(t.counter("dmaFaults")).isZero();
    assertThat(t.counter("formatHazards.bit11Snp")).isPositive();
    assertThat(t.counter("mmioExits")).isPositive();

    MachineSpec rfc = TestMachines.spec(config(Mode.RFC_TDP_FD, 600_000),
        List.of(vmWithMmio(i -> TestMachines.ring(MMIO_GFN, MMIO_GFN + 1, false))),
        List.of(device(ringThen(50, MMIO_GFN), new GfnRange(0, 0))), TestMachines.none());
    StatsMerger r = run(rfc);
    assertThat(r.counter("formatHazards.mmioSpte")).isZero();
    assertThat(r.counter("formatHazards.bit11Snp")).isZero();
    assertThat(r.counter("formatHazardDmas")).isZero();
    assertThat(r.counter("exportedFaultsFailed")).isEqualTo(1);
    assertThat(r.counter("dmaFaults")).isEqualTo(1);
    assertThat(r.counter("devicesStopped")).isEqualTo(1);
    // Without MMIO SPTEs every guest access to the page is an EPT violation handled as MMIO.
    assertThat(r.counter("mmioExits")).isEqualTo(r.counter("vcpuFaults"));

    MachineSpec separate = TestMachines.spec(config(Mode.SEPARATE, 600_000),
        List.of(vmWithMmio(i -> TestMachines.ring(MMIO_GFN, MMIO_GFN + 1, false))),
        List.of(device(ringThen(50, MMIO_GFN), new GfnRange(0, 0))), TestMachines.none());
    StatsMerger s = run(separate);
    assertThat(s.counter("formatHazards.mmioSpte")).isZero();
    assertThat(s.counter("dmaFaults")).isEqualTo(1);
  }

  /**
   * Point 2: a device whose first 4 buffer pages cannot fault. The iopf designs pin and pre-fault them before it
   * starts (16 KiB pinned, not all of guest RAM); reclaim over them leaves them in place, and in shared-iopf KVM
   * keeps them mapped (zapsAvoided) while the pages around are zapped; the device never takes a fatal fault.
   */
  @Test
  void buffersThatCannotFaultArePinnedAndPrefaultedInTheIopfDesigns() {
    List<HostEventSpec> events = List.of(new HostEventSpec(200_000, ZapCause.RECLAIM, 0, 4608, 5120));
    for (Mode mode : new Mode[] {Mode.SHARED_IOPF, Mode.SEPARATE_IOPF}) {
      MachineSpec spec = TestMachines.spec(config(mode, 600_000),
          List.of(TestMachines.vm(0, PAGES, 1, 1, i -> TestMachines.ring(0, 16, false))),
          List.of(device(TestMachines.ring(5000, 5016, true), new GfnRange(5000, 5004))), events);
      StatsMerger m = run(spec);
      assertThat(m.counter("pinnedBufferPages")).as(mode.configName()).isEqualTo(4);
      assertThat(m.counter("pinnedBytes")).isEqualTo(4 * 4096);
      assertThat(m.counter(mode == Mode.SHARED_IOPF ? "prefaultedPages" : "pinnedMappedPages")).isEqualTo(4);
      assertThat(m.counter("hostEventsRefusedPinned")).isEqualTo(1);
      assertThat(m.counter("dmaFaults")).isZero();
      assertThat(m.counter("devicePageRequests")).isPositive();
      assertThat(m.counter("invariantViolations")).isZero();
      if (mode == Mode.SHARED_IOPF) {
        assertThat(m.counter("zapsAvoided")).isEqualTo(1);
      }
    }
  }
}
