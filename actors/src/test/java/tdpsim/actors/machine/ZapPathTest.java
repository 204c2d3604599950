package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

/**
 * The zap / invalidation / root path as the kernel runs it (issue 13, points 1, 2, 3, 4, 6, 7), on machines
 * small enough to count by hand. Each test fails under the behaviour before that issue.
 */
class ZapPathTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final long PAGES = TestMachines.GIB_PAGES;
  private static final SimConfig.Kvm ZAP_ALL = new SimConfig.Kvm(true, true);
  private static final SimConfig.Kvm SLOT_ONLY = new SimConfig.Kvm(false, true);
  private static final SimConfig.Kvm ZAP_EXPORTED = new SimConfig.Kvm(true, false);

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

  /** Point 1: the notifier fires before the host finds the pin; KVM zaps and refaults, the IOMMU table stays. */
  @Test
  void reclaimOfPinnedMemoryInSeparateAndViommuShadowZapsTdpAndRefaultsWhileTheIommuTableStays() {
    for (Mode mode : new Mode[] {Mode.SEPARATE, Mode.VIOMMU_SHADOW}) {
      List<HostEventSpec> events = List.of(new HostEventSpec(400_000, ZapCause.RECLAIM, 0, 1000, 1064));
      MachineSpec spec = TestMachines.spec(TestMachines.config(mode, 1_000_000, ZAP_ALL),
          List.of(TestMachines.vm(0, PAGES, 1, 1, i -> TestMachines.ring(1000, 1064, false))),
          List.of(TestMachines.nic(0, 0, false, false, TestMachines.ring(5000, 5008, true))), events);
      StatsMerger m = run(spec);
      assertThat(m.counter("zaps")).as(mode.configName()).isEqualTo(1);
      assertThat(m.counter("zap.reclaim")).isEqualTo(1);
      assertThat(m.counter("pagesZapped")).isEqualTo(64);
      // 64 first touches, then the vCPU faults on the zapped range again (retrying while the notifier's range is
      // in progress, which in the parallel engine can use up its remaining time); the pinned frames did not move.
      assertThat(m.counter("vcpuFaults") + m.counter("faultRetries")).isGreaterThan(64);
      assertThat(m.counter("hostEventsRefusedPinned")).isEqualTo(1);
      assertThat(m.counter("table.iommu.pages")).isEqualTo(515);
      assertThat(m.counter("pinnedMappedPages")).isEqualTo(PAGES);
      assertThat(m.counter("dmaFaults")).isZero();
      assertThat(m.counter("invariantViolations")).isZero();
    }
  }

  /** Point 1: without the KVM change the shared pre-populated table is zapped and the device's DMA faults. */
  @Test
  void withoutSkipZapExportedAPrepopulatedSharedTableIsZappedAndDmaIntoTheHoleIsAFatalFault() {
    List<HostEventSpec> events = List.of(new HostEventSpec(100_000, ZapCause.RECLAIM, 0, 512, 1024));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_PREPOPULATED, 400_000, ZAP_EXPORTED),
        List.of(TestMachines.vm(0, PAGES, 2, 1, i -> TestMachines.ring(0, 16, false))),
        List.of(TestMachines.nic(0, 0, true, false, TestMachines.ring(512, 1024, true))), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("zaps")).isEqualTo(1);
    assertThat(m.counter("zapsAvoided")).isZero();
    assertThat(m.counter("hostEventsRefusedPinned")).isEqualTo(1);
    assertThat(m.counter("dmaFaults")).isEqualTo(1);
    assertThat(m.counter("devicesStopped")).isEqualTo(1);
  }

  /** Point 2: kvm_mmu_zap_all_fast zaps the whole VM and frees every table page; without it only the slot. */
  @Test
  void memslotDeleteZapsTheWholeVmWithZapAllAndOnlyTheSlotWithoutIt() {
    List<HostEventSpec> events = List.of(new HostEventSpec(400_000, ZapCause.MEMSLOT, 0, 0, 512));
    // vCPU 0 keeps touching [0, 64), vCPU 1 [100000, 100064): two L1 tables under one L2, L3 and the root.
    MachineSpec all = TestMachines.spec(TestMachines.config(Mode.SEPARATE_IOPF, 1_000_000, ZAP_ALL),
        List.of(TestMachines.vm(0, PAGES, 1, 2, i -> TestMachines.ring(i * 100_000, i * 100_000 + 64, false))),
        List.of(), events);
    StatsMerger m = run(all);
    assertThat(m.counter("zap.memslot")).isEqualTo(1);
    assertThat(m.counter("rootSwitches")).isEqualTo(1);
    assertThat(m.counter("pagesZapped")).isEqualTo(128);
    assertThat(m.counter("tablePagesFreed")).isEqualTo(4);

    MachineSpec slot = TestMachines.spec(TestMachines.config(Mode.SEPARATE_IOPF, 1_000_000, SLOT_ONLY),
        List.of(TestMachines.vm(0, PAGES, 1, 2, i -> TestMachines.ring(i * 100_000, i * 100_000 + 64, false))),
        List.of(), events);
    StatsMerger s = run(slot);
    assertThat(s.counter("rootSwitches")).isZero();
    assertThat(s.counter("pagesZapped")).isEqualTo(64);
    assertThat(s.counter("tablePagesFreed")).isEqualTo(1);
  }

  /** Points 2 and 4: in a shared table a new root is an IOMMU root switch, the one place that drains. */
  @Test
  void zapAllInAPrepopulatedSharedTableSwitchesTheIommuRootDrainsOnceAndRepopulatesTheWholeVm() {
    List<HostEventSpec> events = List.of(new HostEventSpec(100_000, ZapCause.MEMSLOT, 0, 0, 512));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_PREPOPULATED, 400_000, ZAP_ALL),
        List.of(TestMachines.vm(0, PAGES, 2, 1, i -> TestMachines.ring(0, 16, false))),
        List.of(TestMachines.nic(0, 0, true, false, TestMachines.ring(2048, 2056, false))), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("rootSwitches")).isEqualTo(1);
    assertThat(m.counter("pasidEntryUpdates")).isEqualTo(1);
    assertThat(m.counter("iotlbInvalidationsDomainSelective")).isEqualTo(1);
    assertThat(m.counter("drains")).isEqualTo(1);
    // Pre-faulted at start, then the whole VM again after the zap-all.
    assertThat(m.counter("prefaultedPages")).isEqualTo(2 * PAGES);
    assertThat(m.counter("pagesZapped")).isEqualTo(PAGES);
    assertThat(m.counter("invariantViolations")).isZero();
  }

  /** Point 3: faults that arrive while a zap holds mmu_lock for write wait, and the wait is reported. */
  @Test
  void vcpuFaultsInsideAZapsWriteHoldWaitForMmuLock() {
    // A device-TLB invalidation of 100 us makes the hold (zap + flush + IOTLB + device TLB) span five windows.
    CostModel slowAts = new CostModel(1, 60, 1_000, 2_000, 1_000, 75_000, 40_000_000, 2_000, 250, 1_500, 3_500,
        100_000, 500, 10_000, 5_000, 1_000, 500, 300, 2, 500, 5, 3_000);
    List<HostEventSpec> events = List.of(new HostEventSpec(400_000, ZapCause.RECLAIM, 0, 1000, 1064));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, slowAts, 800_000, ZAP_ALL),
        List.of(TestMachines.vm(0, PAGES, 1, 2, i -> i == 0 ? TestMachines.sequential(2000, 200_000, false)
            : TestMachines.sequential(1000, 1064, false))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(5000, 5008, true))), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("zaps")).isEqualTo(1);
    assertThat(m.counter("mmuLockWaits")).isPositive();
    assertThat(m.histograms()).containsKey("mmuLockWait");
    assertThat(m.histograms().get("mmuLockWait").getMaxValue()).isLessThanOrEqualTo(110_000);
    // The wait is part of the fault latency: the slowest vCPU fault took at least the longest wait.
    assertThat(m.histograms().get("vcpuFault").getMaxValue())
        .isGreaterThanOrEqualTo(m.histograms().get("mmuLockWait").getMaxValue());
    assertThat(m.counter("invariantViolations")).isZero();
  }

  /** Point 6: notifier zaps are leaf-only; host churn leaves the table's footprint as it was. */
  @Test
  void hostChurnKeepsTablePagesWhileAMemslotZapFreesThem() {
    List<HostEventSpec> events = List.of(new HostEventSpec(300_000, ZapCause.RECLAIM, 0, 0, 512),
        new HostEventSpec(350_000, ZapCause.MIGRATION, 0, 100_000, 100_352),
        new HostEventSpec(400_000, ZapCause.COMPACTION, 0, 0, 512));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 600_000, ZAP_ALL),
        List.of(TestMachines.vm(0, PAGES, 1, 2, i -> TestMachines.sequential(i * 100_000, i * 100_000 + 64, false))),
        List.of(), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("zaps")).isEqualTo(3);
    assertThat(m.counter("pagesZapped")).isEqualTo(128);
    assertThat(m.counter("tablePagesFreed")).isZero();
    // Root, L3, L2 and the two L1 tables the vCPUs filled, emptied but still there.
    assertThat(m.counter("table.tdp.pages")).isEqualTo(5);
  }

  /** Point 7: a remote flush is whole-context and costs each running vCPU an exit plus INVEPT. */
  @Test
  void aRemoteFlushEmptiesTheWholeTlbOfEveryRunningVcpuAndChargesItAnExitAndInvept() {
    // vCPU 0 loops over [0, 10); vCPU 1 touches [1000, 1064) once and is done long before the reclaim.
    List<HostEventSpec> events = List.of(new HostEventSpec(400_000, ZapCause.RECLAIM, 0, 1000, 1064));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 600_000, ZAP_ALL),
        List.of(TestMachines.vm(0, PAGES, 1, 2, i -> i == 0 ? TestMachines.ring(0, 10, false)
            : TestMachines.sequential(1000, 1064, false))),
        List.of(), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("tlbFlushes")).isEqualTo(1);
    assertThat(m.counter("invepts")).isEqualTo(1);
    // vCPU 0 misses its 10 pages at the start and again after the flush, though the flush was for other gfns;
    // vCPU 1 missed its 64 once.
    assertThat(m.counter("tlbMisses")).isEqualTo(10 + 10 + 64);
    assertThat(m.counter("vcpuFaults")).isEqualTo(10 + 64);
  }

  /** Point 7: a dirty-logging split on a write fault changes no translation: no IOTLB invalidation. */
  @Test
  void aDirtyLoggingSplitOfASharedTableCostsNoIotlbInvalidation() {
    MigrationPlan plan = new MigrationPlan(0, 100_000, 12_500_000_000L, 4, 64, MigrationPlan.Tracking.WRITE_PROTECT,
        false, false, false);
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 1_000_000, ZAP_ALL),
        List.of(TestMachines.vm(0, PAGES, 2, 1, i -> TestMachines.ring(0, 2048, true))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(5000, 5008, false))), List.of(),
        List.of(plan));
    StatsMerger m = run(spec);
    assertThat(m.counter("dirtyLogSplits")).isPositive();
    assertThat(m.counter("splitIotlbInvalidations")).isZero();
  }
}
