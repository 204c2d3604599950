package tdpsim.actors.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.Quiet;
import tdpsim.actors.cost.CostKey;
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

/**
 * Page request groups get one page group response; the drain invariant (drains run at an IOMMU root switch)
 * catches a drain that did not wait.
 */
class PageRequestGroupTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  private final ViolationLog violations = new ViolationLog();
  private final TestProbe<TdpMmu.Command> mmu = KIT.createTestProbe();
  private final TestProbe<AssignedDevice.Command> device = KIT.createTestProbe();

  private ActorRef<Iommu.Command> iommu(SimConfig.FaultInjection injection) {
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 1 << 18, 1)));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable tdp = new SharedPageTable(new TableSettings(4, 2, 64, 9));
    VmContext vm = VmContext.builder(0, "vm0", 1)
        .memory(layout, frames)
        .tdp(tdp, new TdpFaultHandler(tdp, layout, frames, new InvalidationTracker(), CostModel.defaults()))
        .iommuSharesTdp()
        .violations(violations)
        .iommuUnitsServing(1)
        .build();
    SimConfig config = new SimConfig(Mode.SHARED_IOPF, CostModel.defaults(), 1_000_000, 10_000, 2, 512, 2048, true,
        injection);
    Directory dir = new Directory();
    ActorRef<Iommu.Command> iommu = KIT.spawn(IommuActor.create(0, new Iotlb(64), List.of(vm), config, dir));
    dir.publish(Directory.builder()
        .mmus(List.of(mmu.getRef()))
        .devices(List.of(device.getRef()))
        .iommus(List.of(iommu))
        .topology(1, new int[][] {{0}}, new int[][] {{0}})
        .build());
    return iommu;
  }

  private void resolve(TdpMmu.Fault f, long ns) {
    f.replyTo().tell(new TdpMmu.FaultResolved(f.requestId(), f.gfn(), true, false, 1, ns));
  }

  @Test
  void threeRequestsOfOneGroupGetOnePageGroupResponse() {
    ActorRef<Iommu.Command> iommu = iommu(SimConfig.FaultInjection.NONE);
    int w = AccessKind.WRITE.mask();
    iommu.tell(new Iommu.PageRequest(0, 0, 100, w, 1_000, device.getRef(), 7, false));
    iommu.tell(new Iommu.PageRequest(0, 0, 101, w, 1_000, device.getRef(), 7, false));
    iommu.tell(new Iommu.PageRequest(0, 0, 102, w, 1_000, device.getRef(), 7, true));
    TdpMmu.Fault a = mmu.expectMessageClass(TdpMmu.Fault.class);
    TdpMmu.Fault b = mmu.expectMessageClass(TdpMmu.Fault.class);
    TdpMmu.Fault c = mmu.expectMessageClass(TdpMmu.Fault.class);
    resolve(a, 20_000);
    resolve(c, 25_000);
    device.expectNoMessage(Quiet.WINDOW);
    resolve(b, 30_000);
    AssignedDevice.PageResponse r = device.expectMessageClass(AssignedDevice.PageResponse.class);
    assertThat(r.groupId()).isEqualTo(7);
    assertThat(r.gfn()).isEqualTo(100);
    assertThat(r.success()).isTrue();
    assertThat(r.respondedNs()).isEqualTo(30_000 + CostModel.defaults().priResponseNs());
    device.expectNoMessage(Quiet.WINDOW);
  }

  @Test
  void aDrainThatDoesNotWaitLetsAnOldResponseThroughAndTheInvariantSaysSo() {
    ActorRef<Iommu.Command> iommu = iommu(SimConfig.FaultInjection.SKIP_DRAIN_WAIT);
    iommu.tell(new Iommu.PageRequest(0, 0, 99, AccessKind.WRITE.mask(), 1_000, device.getRef()));
    TdpMmu.Fault fault = mmu.expectMessageClass(TdpMmu.Fault.class);
    TestProbe<Iommu.IotlbInvalidated> requester = KIT.createTestProbe();
    iommu.tell(new Iommu.SwitchRoot(5, 0, 2_000, requester.getRef()));
    AssignedDevice.InvalidateDevTlb devInv = device.expectMessageClass(AssignedDevice.InvalidateDevTlb.class);
    devInv.replyTo().tell(new AssignedDevice.DevTlbInvalidated(devInv.invalidationId(), 0, 30_000));
    // The faulty drain acknowledges with the request still pending...
    requester.expectMessageClass(Iommu.IotlbInvalidated.class);
    assertThat(violations.count()).isZero();
    // ...and its response arrives after the drain completed.
    resolve(fault, 40_000);
    device.expectMessageClass(AssignedDevice.PageResponse.class);
    assertThat(violations.count()).isEqualTo(1);
    assertThat(violations.first()).contains("after a drain");
  }

  @Test
  void aDrainThatWaitsReportsNothing() {
    ActorRef<Iommu.Command> iommu = iommu(SimConfig.FaultInjection.NONE);
    iommu.tell(new Iommu.PageRequest(0, 0, 99, AccessKind.WRITE.mask(), 1_000, device.getRef()));
    TdpMmu.Fault fault = mmu.expectMessageClass(TdpMmu.Fault.class);
    TestProbe<Iommu.IotlbInvalidated> requester = KIT.createTestProbe();
    iommu.tell(new Iommu.SwitchRoot(5, 0, 2_000, requester.getRef()));
    AssignedDevice.InvalidateDevTlb devInv = device.expectMessageClass(AssignedDevice.InvalidateDevTlb.class);
    devInv.replyTo().tell(new AssignedDevice.DevTlbInvalidated(devInv.invalidationId(), 0, 30_000));
    requester.expectNoMessage(Quiet.WINDOW);
    resolve(fault, 40_000);
    device.expectMessageClass(AssignedDevice.PageResponse.class);
    requester.expectMessageClass(Iommu.IotlbInvalidated.class);
    // A request after the drain is answered normally.
    iommu.tell(new Iommu.PageRequest(0, 0, 98, AccessKind.WRITE.mask(), 50_000, device.getRef()));
    resolve(mmu.expectMessageClass(TdpMmu.Fault.class), 60_000);
    device.expectMessageClass(AssignedDevice.PageResponse.class);
    assertThat(violations.count()).isZero();
  }

  /**
   * A response the unit applied before it handled the drain, but later in virtual time: request raised at 1 us,
   * answered at 40 us; the root switch's device-TLB invalidation completes at 30 us, so the drain starts then. In
   * virtual time the request is still outstanding at 30 us, and the drain completes after 40 us (plus its cost),
   * not at 30 us plus its cost.
   */
  @Test
  void aDrainWaitsInVirtualTimeForAResponseAlreadyApplied() {
    Iommu.IotlbInvalidated done = rootSwitchAfterAnAppliedResponse(SimConfig.FaultInjection.NONE);
    assertThat(done.doneNs()).isEqualTo(40_000 + CostModel.defaults().detail().of(CostKey.DRAIN).medianNs());
    assertThat(violations.count()).isZero();
  }

  /** The same with a drain that does not wait: it completes at 30 us plus its cost, and the invariant says so. */
  @Test
  void aDrainThatCompletesBeforeAnAppliedResponseInVirtualTimeIsReported() {
    Iommu.IotlbInvalidated done = rootSwitchAfterAnAppliedResponse(SimConfig.FaultInjection.SKIP_DRAIN_WAIT);
    assertThat(done.doneNs()).isLessThan(40_000);
    assertThat(violations.count()).isEqualTo(1);
    assertThat(violations.first()).contains("after a drain that completed without waiting");
  }

  /** Request raised at 1 us and answered at 40 us, then a root switch whose device-TLB ack completes at 30 us. */
  private Iommu.IotlbInvalidated rootSwitchAfterAnAppliedResponse(SimConfig.FaultInjection injection) {
    ActorRef<Iommu.Command> iommu = iommu(injection);
    iommu.tell(new Iommu.PageRequest(0, 0, 99, AccessKind.WRITE.mask(), 1_000, device.getRef()));
    resolve(mmu.expectMessageClass(TdpMmu.Fault.class), 40_000);
    device.expectMessageClass(AssignedDevice.PageResponse.class);
    TestProbe<Iommu.IotlbInvalidated> requester = KIT.createTestProbe();
    iommu.tell(new Iommu.SwitchRoot(5, 0, 2_000, requester.getRef()));
    AssignedDevice.InvalidateDevTlb devInv = device.expectMessageClass(AssignedDevice.InvalidateDevTlb.class);
    devInv.replyTo().tell(new AssignedDevice.DevTlbInvalidated(devInv.invalidationId(), 0, 30_000));
    return requester.expectMessageClass(Iommu.IotlbInvalidated.class);
  }

  /**
   * A request raised at 5 us reaches the unit only after a drain that started at 30 us completed (execution order
   * inside a window): the drain did not wait for it, and the unit counts it as late, not as a violation of the
   * design. One raised at 40 us, after the drain's start, is not late.
   */
  @Test
  void aRequestArrivingBeforeACompletedDrainsStartIsCountedLate() {
    ActorRef<Iommu.Command> iommu = iommu(SimConfig.FaultInjection.NONE);
    TestProbe<Iommu.IotlbInvalidated> requester = KIT.createTestProbe();
    iommu.tell(new Iommu.SwitchRoot(5, 0, 2_000, requester.getRef()));
    AssignedDevice.InvalidateDevTlb devInv = device.expectMessageClass(AssignedDevice.InvalidateDevTlb.class);
    devInv.replyTo().tell(new AssignedDevice.DevTlbInvalidated(devInv.invalidationId(), 0, 30_000));
    requester.expectMessageClass(Iommu.IotlbInvalidated.class);
    iommu.tell(new Iommu.PageRequest(0, 0, 99, AccessKind.WRITE.mask(), 5_000, device.getRef()));
    resolve(mmu.expectMessageClass(TdpMmu.Fault.class), 50_000);
    iommu.tell(new Iommu.PageRequest(0, 0, 98, AccessKind.WRITE.mask(), 40_000, device.getRef()));
    resolve(mmu.expectMessageClass(TdpMmu.Fault.class), 60_000);
    TestProbe<EntityStats> stats = KIT.createTestProbe();
    iommu.tell(new Iommu.ReportStats(stats.getRef()));
    assertThat(stats.expectMessageClass(EntityStats.class).counters()).containsEntry("drainLateRequests", 1L);
    assertThat(violations.count()).isZero();
  }
}
