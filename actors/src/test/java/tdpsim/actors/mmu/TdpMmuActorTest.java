package tdpsim.actors.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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
    VmContext vm = new VmContext(0, "vm0", 1, layout, frames, tdp, faults, tdp, null, true, new ViolationLog(),
        null, 1);
    SimConfig config = new SimConfig(mode, CostModel.defaults(), 1_000_000, 10_000, 2, 512, 32, true,
        SimConfig.FaultInjection.NONE);
    TestProbe<Vcpu.Command> vcpu = KIT.createTestProbe();
    TestProbe<Iommu.Command> iommu = KIT.createTestProbe();
    Directory dir = new Directory();
    dir.setVcpus(List.of(List.of(vcpu.getRef())));
    dir.setIommus(List.of(iommu.getRef()));
    dir.setTopology(1, new int[][] {{0}}, new int[][] {{}});
    ActorRef<TdpMmu.Command> mmu = KIT.spawn(TdpMmuActor.create(vm, config, dir));
    dir.setMmus(List.of(mmu));
    return new Rig(vm, mmu, vcpu, iommu);
  }

  @Test
  void reclaimZapsThenFlushesTlbsThenInvalidatesIotlbThenAcksThenFreesTablePages() {
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
    r.iommu().expectNoMessage();
    host.expectNoMessage();
    // the unlinked L1 table is still counted: it is only freed after the ack
    assertThat(r.vm().tdp().pendingFreePages()).isEqualTo(1);
    flush.replyTo().tell(new Vcpu.TlbFlushed(flush.flushId(), 0, 5_000));
    // 3. IOTLB invalidation (with its device-TLB invalidations and drain, done by the IOMMU)
    Iommu.InvalidateIotlb inv = r.iommu().expectMessageClass(Iommu.InvalidateIotlb.class);
    assertThat(inv.vmIndex()).isZero();
    assertThat(inv.sentNs()).isGreaterThanOrEqualTo(5_000);
    host.expectNoMessage();
    inv.replyTo().tell(new Iommu.IotlbInvalidated(inv.invalidationId(), 0, 9_000));
    // 4. ack to the host, then the deferred free
    TdpMmu.InvalidateDone done = host.expectMessageClass(TdpMmu.InvalidateDone.class);
    assertThat(done.eventId()).isEqualTo(7);
    assertThat(done.performed()).isTrue();
    assertThat(done.doneNs()).isEqualTo(9_000);
    host.awaitAssert(() -> {
      assertThat(r.vm().tdp().pendingFreePages()).isZero();
      assertThat(r.vm().tdp().pages()).isEqualTo(3);
      return null;
    });
  }

  @Test
  void deviceFaultDuringAnInvalidationOfItsGfnIsAnsweredRetryNotHeldBack() {
    Rig r = rig(Mode.SHARED_IOPF);
    FaultResult fr = new FaultResult();
    r.vm().tdpFaults().handle(3, AccessKind.READ.mask(), fr);
    TestProbe<TdpMmu.InvalidateDone> host = KIT.createTestProbe();
    TestProbe<TdpMmu.FaultResolved> iommuSide = KIT.createTestProbe();
    r.mmu().tell(new TdpMmu.Invalidate(1, 0, 8, ZapCause.RECLAIM, 0, host.getRef()));
    r.vcpu().expectMessageClass(Vcpu.FlushTlb.class);
    r.mmu().tell(new TdpMmu.Fault(42, 3, AccessKind.WRITE.mask(), TdpMmu.FaultSource.DEVICE, 100,
        iommuSide.getRef()));
    TdpMmu.FaultResolved res = iommuSide.expectMessageClass(TdpMmu.FaultResolved.class);
    assertThat(res.requestId()).isEqualTo(42);
    assertThat(res.retry()).isTrue();
    assertThat(res.mapped()).isFalse();
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
