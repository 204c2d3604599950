package tdpsim.actors.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.Quiet;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableSettings;
import tdpsim.actors.table.Walk;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.AccessKind;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Mode;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.ZapCause;

class TdpMmuActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private record Rig(VmContext vm, ActorRef<TdpMmu.Command> mmu, TestProbe<Vcpu.Command> vcpu,
      TestProbe<Iommu.Command> iommu) {}

  private static Rig rig(Mode mode) {
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 1 << 18, 1)));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable tdp = new SharedPageTable(new TableSettings(4, 2, 64, 9));
    TdpFaultHandler faults = new TdpFaultHandler(tdp, layout, frames, new InvalidationTracker(),
        CostModel.defaults());
    VmContext vm = VmContext.builder(0, "vm0", 1)
        .memory(layout, frames)
        .tdp(tdp, faults)
        .iommuSharesTdp()
        .violations(new ViolationLog())
        .iommuUnitsServing(1)
        .build();
    SimConfig config = new SimConfig(mode, CostModel.defaults(), 1_000_000, 10_000, 2, 512, 32, true,
        SimConfig.FaultInjection.NONE);
    TestProbe<Vcpu.Command> vcpu = KIT.createTestProbe();
    TestProbe<Iommu.Command> iommu = KIT.createTestProbe();
    Directory dir = new Directory();
    ActorRef<TdpMmu.Command> mmu = KIT.spawn(TdpMmuActor.create(vm, config, dir));
    dir.publish(Directory.builder()
        .vcpus(List.of(List.of(vcpu.getRef())))
        .iommus(List.of(iommu.getRef()))
        .mmus(List.of(mmu))
        .topology(1, new int[][] {{0}}, new int[][] {{}})
        .build());
    return new Rig(vm, mmu, vcpu, iommu);
  }

  @Test
  void reclaimZapsLeafsOnlyThenFlushesTlbsThenInvalidatesIotlbThenAcksAndKeepsTablePages() {
    Rig r = rig(Mode.SHARED_IOPF);
    FaultResult fr = new FaultResult();
    for (long gfn = 0; gfn < 512; gfn++) {
      r.vm().tdpFaults().handle(gfn, AccessKind.WRITE.mask(), fr);
    }
    assertThat(r.vm().tdp().pages()).isEqualTo(4);
    TestProbe<TdpMmu.InvalidateDone> host = KIT.createTestProbe();

    r.mmu().tell(new TdpMmu.Invalidate(7, 0, 512, ZapCause.RECLAIM, 1_000, host.getRef()));

    // 1. the zap already happened: the range is unmapped before any flush is sent
    Vcpu.FlushTlb flush = r.vcpu().expectMessageClass(Vcpu.FlushTlb.class);
    assertThat(r.vm().tdp().lookup(5)).isEqualTo(Walk.NOT_PRESENT);
    assertThat(flush.startGfn()).isEqualTo(0);
    assertThat(flush.endGfn()).isEqualTo(512);
    // 2. no IOTLB invalidation and no ack before the vCPUs acknowledged the flush
    r.iommu().expectNoMessage(Quiet.WINDOW);
    host.expectNoMessage(Quiet.WINDOW);
    // tdp_mmu_zap_leafs: the emptied L1 table stays linked, nothing waits to be freed
    assertThat(r.vm().tdp().pendingFreePages()).isZero();
    assertThat(r.vm().tdp().pages()).isEqualTo(4);
    assertThat(r.vm().tdpFaults().mmuLock().isWriteOpen()).as("mmu_lock write-held until the invalidations")
        .isTrue();
    flush.replyTo().tell(new Vcpu.TlbFlushed(flush.flushId(), 0, 5_000));
    // 3. IOTLB invalidation (with its device-TLB invalidations, done by the IOMMU), still under mmu_lock
    Iommu.InvalidateIotlb inv = r.iommu().expectMessageClass(Iommu.InvalidateIotlb.class);
    assertThat(inv.vmIndex()).isZero();
    assertThat(inv.sentNs()).isGreaterThanOrEqualTo(5_000);
    host.expectNoMessage(Quiet.WINDOW);
    inv.replyTo().tell(new Iommu.IotlbInvalidated(inv.invalidationId(), 0, 9_000));
    // 4. ack to the host, then the deferred free
    TdpMmu.InvalidateDone done = host.expectMessageClass(TdpMmu.InvalidateDone.class);
    assertThat(done.eventId()).isEqualTo(7);
    assertThat(done.performed()).isTrue();
    assertThat(done.doneNs()).isEqualTo(9_000);
    assertThat(r.vm().tdpFaults().mmuLock().isWriteOpen()).isFalse();
    assertThat(r.vm().tdp().pages()).isEqualTo(4);
    // The hold covered zap, flush and IOTLB invalidation: from 1,000 + 500 (notifier) to 9,000.
    assertThat(r.vm().tdpFaults().mmuLock().readWaitNs(1_500)).isEqualTo(7_500);
  }

  @Test
  void memslotDeleteWithZapAllZapsTheWholeVmFreesEveryTableAndSwitchesTheIommuRootAfterTheLock() {
    Rig r = rig(Mode.SHARED_IOPF);
    FaultResult fr = new FaultResult();
    // Two 2 MiB blocks below 1 GiB: root + L3 + L2 + 2 L1 = 5 pages.
    for (long gfn = 0; gfn < 4; gfn++) {
      r.vm().tdpFaults().handle(gfn, AccessKind.WRITE.mask(), fr);
      r.vm().tdpFaults().handle(100_000 + gfn, AccessKind.WRITE.mask(), fr);
    }
    assertThat(r.vm().tdp().pages()).isEqualTo(5);
    TestProbe<TdpMmu.InvalidateDone> host = KIT.createTestProbe();
    // The memslot event names only [0, 512): kvm_mmu_zap_all_fast zaps the whole VM anyway.
    r.mmu().tell(new TdpMmu.ZapRange(3, 0, 512, ZapCause.MEMSLOT, 1_000, host.getRef()));
    Vcpu.FlushTlb flush = r.vcpu().expectMessageClass(Vcpu.FlushTlb.class);
    assertThat(r.vm().tdp().lookup(100_001)).isEqualTo(Walk.NOT_PRESENT);
    assertThat(r.vm().tdp().pendingFreePages()).isEqualTo(4);
    flush.replyTo().tell(new Vcpu.TlbFlushed(flush.flushId(), 0, 5_000));
    // No ranged IOTLB invalidation: the lock is released and the IOMMU switches to the new root.
    Iommu.SwitchRoot sw = r.iommu().expectMessageClass(Iommu.SwitchRoot.class);
    assertThat(r.vm().tdpFaults().mmuLock().isWriteOpen()).isFalse();
    host.expectNoMessage(Quiet.WINDOW);
    sw.replyTo().tell(new Iommu.IotlbInvalidated(sw.invalidationId(), 0, 12_000));
    TdpMmu.InvalidateDone done = host.expectMessageClass(TdpMmu.InvalidateDone.class);
    assertThat(done.doneNs()).isEqualTo(12_000);
    host.awaitAssert(() -> {
      assertThat(r.vm().tdp().pendingFreePages()).isZero();
      assertThat(r.vm().tdp().pages()).isEqualTo(1);
      return null;
    });
  }

  @Test
  void deviceFaultDuringAWriteHoldWaitsForTheReleaseThenIsAnsweredRetryWhileItsRangeIsInvalidated() {
    Rig r = rig(Mode.SHARED_IOPF);
    FaultResult fr = new FaultResult();
    r.vm().tdpFaults().handle(3, AccessKind.READ.mask(), fr);
    TestProbe<TdpMmu.InvalidateDone> host = KIT.createTestProbe();
    TestProbe<TdpMmu.FaultResolved> iommuSide = KIT.createTestProbe();
    r.mmu().tell(new TdpMmu.Invalidate(1, 0, 8, ZapCause.RECLAIM, 0, host.getRef()));
    Vcpu.FlushTlb flush = r.vcpu().expectMessageClass(Vcpu.FlushTlb.class);
    // Raised at 1,000 ns inside the hold (which started at 500 ns): the page-request handler's read lock waits.
    r.mmu().tell(new TdpMmu.Fault(42, 3, AccessKind.WRITE.mask(), TdpMmu.FaultSource.DEVICE, 1_000,
        iommuSide.getRef()));
    r.mmu().tell(new TdpMmu.Fault(43, 300, AccessKind.WRITE.mask(), TdpMmu.FaultSource.DEVICE, 1_000,
        iommuSide.getRef()));
    iommuSide.expectNoMessage(Quiet.WINDOW);
    flush.replyTo().tell(new Vcpu.TlbFlushed(flush.flushId(), 0, 5_000));
    Iommu.InvalidateIotlb inv = r.iommu().expectMessageClass(Iommu.InvalidateIotlb.class);
    iommuSide.expectNoMessage(Quiet.WINDOW);
    inv.replyTo().tell(new Iommu.IotlbInvalidated(inv.invalidationId(), 0, 9_000));
    host.expectMessageClass(TdpMmu.InvalidateDone.class);
    // Released at 9,000 ns: both waited 8,000 ns. gfn 3 is still being invalidated (until the host's range end):
    // retry; gfn 300 is outside the range: mapped.
    TdpMmu.FaultResolved res = iommuSide.expectMessageClass(TdpMmu.FaultResolved.class);
    assertThat(res.requestId()).isEqualTo(42);
    assertThat(res.retry()).isTrue();
    assertThat(res.mapped()).isFalse();
    assertThat(res.resolvedNs()).isEqualTo(9_000 + CostModel.defaults().tdpFaultNs());
    TdpMmu.FaultResolved other = iommuSide.expectMessageClass(TdpMmu.FaultResolved.class);
    assertThat(other.requestId()).isEqualTo(43);
    assertThat(other.mapped()).isTrue();
    assertThat(other.resolvedNs()).isGreaterThan(9_000);
  }

  @Test
  void deviceFaultUsesTheSameFaultPathAsVcpus() {
    Rig r = rig(Mode.SHARED_IOPF);
    TestProbe<TdpMmu.FaultResolved> iommuSide = KIT.createTestProbe();
    r.mmu().tell(new TdpMmu.Fault(1, 77, AccessKind.WRITE.mask(), TdpMmu.FaultSource.DEVICE, 100,
        iommuSide.getRef()));
    TdpMmu.FaultResolved res = iommuSide.expectMessageClass(TdpMmu.FaultResolved.class);
    assertThat(res.mapped()).isTrue();
    assertThat(res.level()).isEqualTo(1);
    assertThat(res.resolvedNs()).isGreaterThan(100);
    assertThat(Walk.isFault(r.vm().tdp().lookup(77))).isFalse();
  }
}
