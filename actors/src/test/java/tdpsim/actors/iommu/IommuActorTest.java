package tdpsim.actors.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.Quiet;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableSettings;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.AccessKind;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Mode;
import tdpsim.protocol.TdpMmu;

class IommuActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private record Rig(ActorRef<Iommu.Command> iommu, Iotlb iotlb, TestProbe<TdpMmu.Command> mmu,
      TestProbe<AssignedDevice.Command> device) {}

  private static Rig rig() {
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 1 << 18, 1)));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable tdp = new SharedPageTable(new TableSettings(4, 2, 64, 9));
    VmContext vm = VmContext.builder(0, "vm0", 1)
        .memory(layout, frames)
        .tdp(tdp, new TdpFaultHandler(tdp, layout, frames, new InvalidationTracker(), CostModel.defaults()))
        .iommuSharesTdp()
        .violations(new ViolationLog())
        .iommuUnitsServing(1)
        .build();
    SimConfig config = new SimConfig(Mode.SHARED_IOPF, CostModel.defaults(), 1_000_000, 10_000, 2, 512, 32, true,
        SimConfig.FaultInjection.NONE);
    TestProbe<TdpMmu.Command> mmu = KIT.createTestProbe();
    TestProbe<AssignedDevice.Command> device = KIT.createTestProbe();
    Directory dir = new Directory();
    Iotlb iotlb = new Iotlb(64);
    iotlb.insert(0, 10, 1, 1234, true, iotlb.invalidationSeq(0));
    iotlb.insert(0, 5000, 1, 4321, true, iotlb.invalidationSeq(0));
    ActorRef<Iommu.Command> iommu = KIT.spawn(IommuActor.create(0, iotlb, List.of(vm), config, dir));
    dir.publish(Directory.builder()
        .mmus(List.of(mmu.getRef()))
        .devices(List.of(device.getRef()))
        .iommus(List.of(iommu))
        .topology(1, new int[][] {{0}}, new int[][] {{0}})
        .build());
    return new Rig(iommu, iotlb, mmu, device);
  }

  private static EntityStats stats(ActorRef<Iommu.Command> iommu) {
    TestProbe<EntityStats> probe = KIT.createTestProbe();
    iommu.tell(new Iommu.ReportStats(probe.getRef()));
    return probe.expectMessageClass(EntityStats.class);
  }

  @Test
  void invalidationInvalidatesIotlbThenDeviceTlbAndAcksWithoutDrainingPendingPageRequests() {
    Rig r = rig();
    // A page request is in flight at the TDP MMU when the invalidation arrives.
    r.iommu().tell(new Iommu.PageRequest(0, 0, 99, AccessKind.WRITE.mask(), 1_000, r.device().getRef()));
    r.mmu().expectMessageClass(TdpMmu.Fault.class);
    TestProbe<Iommu.IotlbInvalidated> requester = KIT.createTestProbe();
    r.iommu().tell(new Iommu.InvalidateIotlb(5, 0, 0, 16, 2_000, requester.getRef()));

    AssignedDevice.InvalidateDevTlb devInv = r.device().expectMessageClass(AssignedDevice.InvalidateDevTlb.class);
    assertThat(r.iotlb().lookup(0, 10, false)).as("IOTLB entry invalidated first").isEqualTo(-1);
    assertThat(r.iotlb().lookup(0, 5000, false)).as("page-selective: outside the range kept").isEqualTo(4321);
    devInv.replyTo().tell(new AssignedDevice.DevTlbInvalidated(devInv.invalidationId(), 0, 30_000));

    // No drain (intel_iommu_drain_pasid_prq runs only at teardown and root switch): acked at once.
    Iommu.IotlbInvalidated ack = requester.expectMessageClass(Iommu.IotlbInvalidated.class);
    assertThat(ack.invalidationId()).isEqualTo(5);
    assertThat(ack.doneNs()).isEqualTo(30_000);
    assertThat(stats(r.iommu()).counters()).doesNotContainKey("drains");
  }

  @Test
  void rootSwitchUpdatesThePasidEntryFlushesTheDomainAndEveryDeviceTlbAndDrainsPendingPageRequests() {
    Rig r = rig();
    r.iommu().tell(new Iommu.PageRequest(0, 0, 99, AccessKind.WRITE.mask(), 1_000, r.device().getRef()));
    TdpMmu.Fault fault = r.mmu().expectMessageClass(TdpMmu.Fault.class);
    TestProbe<Iommu.IotlbInvalidated> requester = KIT.createTestProbe();
    r.iommu().tell(new Iommu.SwitchRoot(8, 0, 2_000, requester.getRef()));

    AssignedDevice.InvalidateDevTlb devInv = r.device().expectMessageClass(AssignedDevice.InvalidateDevTlb.class);
    assertThat(devInv.startGfn()).isZero();
    assertThat(devInv.endGfn()).isEqualTo(Long.MAX_VALUE);
    assertThat(r.iotlb().lookup(0, 5000, false)).as("domain-selective").isEqualTo(-1);
    // PASID entry (2 us) then DSI (3.5 us) before the device-TLB invalidation is sent.
    assertThat(devInv.sentNs()).isEqualTo(2_000 + 2_000 + 3_500);
    devInv.replyTo().tell(new AssignedDevice.DevTlbInvalidated(devInv.invalidationId(), 0, 30_000));
    requester.expectNoMessage(Quiet.WINDOW);

    // The drain completes only once the pending request has been answered.
    fault.replyTo().tell(new TdpMmu.FaultResolved(fault.requestId(), 99, true, false, 1, 40_000));
    AssignedDevice.PageResponse resp = r.device().expectMessageClass(AssignedDevice.PageResponse.class);
    assertThat(resp.success()).isTrue();
    Iommu.IotlbInvalidated ack = requester.expectMessageClass(Iommu.IotlbInvalidated.class);
    assertThat(ack.invalidationId()).isEqualTo(8);
    assertThat(ack.doneNs()).isEqualTo(40_000 + 1_000);
    EntityStats st = stats(r.iommu());
    assertThat(st.counters()).containsEntry("drains", 1L).containsEntry("pasidEntryUpdates", 1L)
        .containsEntry("iotlbInvalidationsDomainSelective", 1L);
  }
}
