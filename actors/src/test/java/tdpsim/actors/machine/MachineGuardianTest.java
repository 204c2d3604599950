package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.host.HostEventSpec;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

class MachineGuardianTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

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

  @Test
  void oneVcpuTouchingEveryPageOfOneGibOnceTakes262144FaultsWithSmallPages() {
    long pages = TestMachines.GIB_PAGES;
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 1_000_000_000_000L,
            SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, pages, 1, 1, i -> TestMachines.sequential(0, pages, false))),
        List.of(), TestMachines.none());
    StatsMerger m = run(spec);
    assertThat(m.counter("vcpuFaults")).isEqualTo(262_144);
    assertThat(m.counter("vcpuAccesses")).isEqualTo(262_144);
    // 1 GiB at GPA 0 in 4 KiB leaves: 512 L1 tables, 1 L2, 1 L3, 1 root.
    assertThat(m.counter("table.tdp.L1")).isEqualTo(512);
    assertThat(m.counter("table.tdp.L2")).isEqualTo(1);
    assertThat(m.counter("table.tdp.L3")).isEqualTo(1);
    assertThat(m.counter("table.tdp.L4")).isEqualTo(1);
    assertThat(m.counter("invariantViolations")).isZero();
  }

  @Test
  void withTwoMibBackingTheSameTouchTakes512Faults() {
    long pages = TestMachines.GIB_PAGES;
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SEPARATE_IOPF, 1_000_000_000_000L,
            SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, pages, 2, 1, i -> TestMachines.sequential(0, pages, true))),
        List.of(), TestMachines.none());
    StatsMerger m = run(spec);
    assertThat(m.counter("vcpuFaults")).isEqualTo(512);
    // 512 2 MiB leaves sit in one L2 table: 1 L2, 1 L3, 1 root, no L1 tables.
    assertThat(m.counter("table.tdp.L1")).isZero();
    assertThat(m.counter("table.tdp.L2")).isEqualTo(1);
    assertThat(m.counter("table.tdp.pages")).isEqualTo(3);
  }

  @Test
  void separatePinsAllMemoryAndPopulatesTheIommuTableAtStart() {
    long pages = TestMachines.GIB_PAGES;
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SEPARATE, 200_000, SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, pages, 1, 1, i -> TestMachines.sequential(0, 16, false))),
        List.of(TestMachines.nic(0, 0, false, false, TestMachines.ring(1000, 1064, true))), TestMachines.none());
    StatsMerger m = run(spec);
    assertThat(m.counter("pinnedBytes")).isEqualTo(1L << 30);
    assertThat(m.counter("pinnedMappedPages")).isEqualTo(pages);
    // The IOMMU table maps all of it: 512 + 1 + 1 + 1 pages; TDP only what the vCPU touched: 1 + 1 + 1 + 1.
    assertThat(m.counter("table.iommu.pages")).isEqualTo(515);
    assertThat(m.counter("table.tdp.pages")).isEqualTo(4);
    assertThat(m.counter("dmaFaults")).isZero();
    assertThat(m.counter("devicePageRequests")).isZero();
  }

  @Test
  void sharedIopfPinsNothingAndPageRequestsEqualPagesFirstTouchedByTheDevice() {
    long pages = TestMachines.GIB_PAGES;
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 2_000_000,
            SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, pages, 1, 1, i -> TestMachines.sequential(0, 16, false))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(1000, 1064, true))), TestMachines.none());
    StatsMerger m = run(spec);
    assertThat(m.counter("pinnedBytes")).isZero();
    assertThat(m.counter("devicePageRequests")).isEqualTo(64);
    assertThat(m.counter("dmaFaults")).isZero();
    assertThat(m.counter("table.iommu.pages")).isZero();
  }

  @Test
  void reclaimInSharedIopfZapsFlushesInvalidatesAndTheDeviceFaultsAgainWithoutStaleUse() {
    long pages = TestMachines.GIB_PAGES;
    // The device's first pass over its 64-page ring takes 64 page requests, ~20 us each: done by ~1.3 ms.
    List<HostEventSpec> events = List.of(new HostEventSpec(1_500_000, ZapCause.RECLAIM, 0, 1000, 1064));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 4_000_000,
            SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, pages, 1, 2, i -> TestMachines.ring(i * 100, i * 100 + 50, false))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(1000, 1064, true))), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("zaps")).isEqualTo(1);
    assertThat(m.counter("tlbFlushes")).isEqualTo(1);
    assertThat(m.counter("iotlbInvalidations")).isEqualTo(1);
    assertThat(m.counter("devtlbInvalidations")).isEqualTo(1);
    // No page-request drain after an invalidation: only at PASID teardown and root switch.
    assertThat(m.counter("drains")).isZero();
    // 64 first touches, then the same 64 pages again after the reclaim; a request that met the invalidation in
    // progress was answered "retry" and re-sent, which the IOMMU counts.
    assertThat(m.counter("devicePageRequests") - m.counter("pageRequestRetries")).isEqualTo(128);
    assertThat(m.counter("pagesZapped")).isEqualTo(64);
    assertThat(m.counter("invariantViolations")).isZero();
  }

  @Test
  void skippingTheIotlbInvalidationIsCaughtAsAStaleTranslation() {
    long pages = TestMachines.GIB_PAGES;
    List<HostEventSpec> events = List.of(new HostEventSpec(400_000, ZapCause.RECLAIM, 0, 1000, 1064));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 2_000_000,
            SimConfig.FaultInjection.SKIP_IOTLB_INVALIDATION),
        List.of(TestMachines.vm(0, pages, 1, 1, i -> TestMachines.ring(0, 10, false))),
        List.of(TestMachines.nic(0, 0, true, true, TestMachines.ring(1000, 1064, true))), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("invariantViolations")).isPositive();
    assertThat(m.violations()).anyMatch(v -> v.contains("stale translation") && v.contains("device"));
  }

  @Test
  void skippingTheTlbFlushIsCaughtAsAStaleTranslation() {
    long pages = TestMachines.GIB_PAGES;
    List<HostEventSpec> events = List.of(new HostEventSpec(400_000, ZapCause.MIGRATION, 0, 0, 10));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 2_000_000,
            SimConfig.FaultInjection.SKIP_TLB_FLUSH),
        List.of(TestMachines.vm(0, pages, 1, 1, i -> TestMachines.ring(0, 10, false))),
        List.of(), events);
    StatsMerger m = run(spec);
    assertThat(m.violations()).anyMatch(v -> v.contains("stale translation") && v.contains("vCPU"));
  }

  @Test
  void prepopulatedSharedTableSplitsInPlaceInsteadOfZapping() {
    long pages = TestMachines.GIB_PAGES;
    List<HostEventSpec> events = List.of(new HostEventSpec(100_000, ZapCause.THP_SPLIT, 0, 512, 1024),
        new HostEventSpec(120_000, ZapCause.RECLAIM, 0, 0, 512));
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_PREPOPULATED, 400_000,
            SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, pages, 2, 1, i -> TestMachines.ring(0, 2048, false))),
        List.of(TestMachines.nic(0, 0, true, false, TestMachines.ring(512, 1024, true))), events);
    StatsMerger m = run(spec);
    assertThat(m.counter("prefaultedPages")).isEqualTo(pages);
    assertThat(m.counter("zaps")).isZero();
    // The reclaim reaches KVM through the notifier (then finds the pin): its zap is avoided too.
    assertThat(m.counter("zapsAvoided")).isEqualTo(2);
    assertThat(m.counter("zapAvoided.thp-split")).isEqualTo(1);
    assertThat(m.counter("zapAvoided.reclaim")).isEqualTo(1);
    assertThat(m.counter("splitsInPlace")).isEqualTo(1);
    // A split in place changes no translation: no flush, no IOTLB invalidation.
    assertThat(m.counter("tlbFlushes")).isZero();
    assertThat(m.counter("iotlbInvalidations")).isZero();
    assertThat(m.counter("hostEventsRefusedPinned")).isEqualTo(1);
    assertThat(m.counter("dmaFaults")).isZero();
    assertThat(m.counter("vcpuFaults")).isZero();
    assertThat(m.counter("invariantViolations")).isZero();
  }

  @Test
  void aFailingVcpuFailsItsVmAndTheRunEndsIncompleteWithTheReason() {
    long pages = TestMachines.GIB_PAGES;
    MachineSpec spec = TestMachines.spec(TestMachines.config(Mode.SHARED_IOPF, 1_000_000,
            SimConfig.FaultInjection.NONE),
        List.of(TestMachines.vm(0, pages, 1, 2, i -> {
          if (i == 1) {
            return (buf, max) -> {
              throw new IllegalStateException("workload broke");
            };
          }
          return TestMachines.ring(0, 10, false);
        })),
        List.of(), TestMachines.none());
    TestProbe<Machine.Finished> probe = KIT.createTestProbe();
    KIT.spawn(MachineGuardian.create(spec)).tell(new Machine.Start(probe.getRef()));
    Machine.Finished f = probe.expectMessageClass(Machine.Finished.class, Duration.ofSeconds(30));
    assertThat(f.complete()).isFalse();
    assertThat(f.stopReason()).contains("vm0").contains("vcpu1").contains("workload broke");
  }
}
