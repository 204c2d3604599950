package tdpsim.actors.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.Quiet;
import tdpsim.actors.fault.FaultResult;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.actors.wiring.TestVms;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.AccessKind;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.HostMemory;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Mode;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.ZapCause;

/**
 * The host memory manager against probes for the TDP MMU and the IOMMU: invalidate_range_start to every
 * listener, the backing changed only after every acknowledgement, then invalidate_range_end; KVM-side causes as
 * zap requests; pinned memory left alone; the window barrier reached once the window's events completed. One VM
 * of 1,024 pages (4 KiB backing), windows of 10,000 ns.
 */
class HostMemoryActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final long WINDOW_NS = 10_000;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** A host actor whose only window-barrier member is itself; windows record the ends the barrier started. */
  private static final class Rig {
    final VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
    final TestProbe<TdpMmu.Command> mmu = KIT.createTestProbe();
    final TestProbe<Iommu.Command> iommu = KIT.createTestProbe();
    final BlockingQueue<Long> windows = new LinkedBlockingQueue<>();
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final ActorRef<HostMemory.Command> host;
    private final WindowBarrier barrier;

    Rig(Mode mode, HostEventSpec... events) {
      Directory dir = new Directory();
      dir.publish(Directory.builder()
          .mmus(List.of(mmu.getRef()))
          .iommus(List.of(iommu.getRef()))
          .topology(1, new int[][] {{0}}, new int[][] {{}})
          .build());
      WindowBarrier barrier = new WindowBarrier(1_000_000, WINDOW_NS, false, new ViolationLog(),
          new RunProgress(), new int[] {0}, 0, new boolean[] {false});
      host = KIT.spawn(HostMemoryActor.create(List.of(vm), List.of(events), TestVms.config(mode, 1_000_000), dir,
          barrier));
      barrier.bind(barrier.hostSlot(), end -> {
        windows.add(end);
        host.tell(new HostMemory.RunWindow(end));
      });
      this.barrier = barrier;
    }

    /** Starts the first window, after the test set up the VM's memory: the host may fire at once. */
    Rig start() {
      barrier.start((end, count, reason) -> ended.complete(end + "/" + count + "/" + reason));
      return this;
    }

    long nextWindow() throws InterruptedException {
      Long end = windows.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(end).as("a window started").isNotNull();
      return end;
    }

    String end() throws Exception {
      return ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    StatsMerger stats() {
      TestProbe<EntityStats> probe = KIT.createTestProbe();
      host.tell(new HostMemory.ReportStats(probe.getRef()));
      StatsMerger m = new StatsMerger();
      m.add(probe.expectMessageClass(EntityStats.class, WAIT));
      return m;
    }
  }

  @Test
  void reclaimChangesTheBackingOnlyAfterTheMmuAcknowledgedThenEndsTheRange() throws Exception {
    Rig r = new Rig(Mode.SHARED_IOPF, new HostEventSpec(1_000, ZapCause.RECLAIM, 0, 0, 512));
    r.vm.frames().faultIn(0, 1024);
    long pfn5 = r.vm.frames().pfnOf(5);
    r.start();
    assertThat(r.nextWindow()).isEqualTo(10_000);

    TdpMmu.Invalidate start = r.mmu.expectMessageClass(TdpMmu.Invalidate.class, WAIT);
    assertThat(start.startGfn()).isZero();
    assertThat(start.endGfn()).isEqualTo(512);
    assertThat(start.cause()).isEqualTo(ZapCause.RECLAIM);
    assertThat(start.raisedNs()).isEqualTo(1_000);
    // shared design: the IOMMU has no notifier of its own
    r.iommu.expectNoMessage(Quiet.WINDOW);
    // invalidate_range_start is not acknowledged yet: the frames stay, no range end, the window is not over
    assertThat(r.vm.frames().isLive(5, pfn5)).isTrue();
    assertThat(r.ended).isNotDone();

    start.replyTo().tell(new TdpMmu.InvalidateDone(start.eventId(), true, 4_000));

    TdpMmu.InvalidateRangeEnd end = r.mmu.expectMessageClass(TdpMmu.InvalidateRangeEnd.class, WAIT);
    assertThat(end.eventId()).isEqualTo(start.eventId());
    assertThat(end.startGfn()).isZero();
    assertThat(end.endGfn()).isEqualTo(512);
    // reclaimed: gfn 5's old frame is gone; gfn 600, outside the range, keeps its frame
    assertThat(r.vm.frames().isLive(5, pfn5)).isFalse();
    assertThat(r.vm.frames().isLive(600, r.vm.frames().pfnOf(600))).isTrue();
    // no event left: the host arrives idle and, being the only member, ends the windows after the first
    assertThat(r.end()).isEqualTo("10000/1/");
    StatsMerger m = r.stats();
    assertThat(m.counter("hostEvents")).isEqualTo(1);
    assertThat(m.counter("hostEventsRefusedPinned")).isZero();
  }

  @Test
  void separateIopfAlsoNotifiesTheIommuDriverAndWaitsForBothAcknowledgements() throws Exception {
    Rig r = new Rig(Mode.SEPARATE_IOPF, new HostEventSpec(1_000, ZapCause.MIGRATION, 0, 0, 512));
    r.vm.frames().faultIn(0, 1024);
    long pfn5 = r.vm.frames().pfnOf(5);
    r.start();

    TdpMmu.Invalidate kvm = r.mmu.expectMessageClass(TdpMmu.Invalidate.class, WAIT);
    Iommu.MmuNotifierInvalidate iommu = r.iommu.expectMessageClass(Iommu.MmuNotifierInvalidate.class, WAIT);
    assertThat(iommu.vmIndex()).isZero();
    assertThat(iommu.startGfn()).isZero();
    assertThat(iommu.endGfn()).isEqualTo(512);
    kvm.replyTo().tell(new TdpMmu.InvalidateDone(kvm.eventId(), true, 4_000));
    // one of two listeners acknowledged: nothing moves yet
    r.mmu.expectNoMessage(Quiet.WINDOW);
    assertThat(r.vm.frames().isLive(5, pfn5)).isTrue();

    iommu.replyTo().tell(new Iommu.IotlbInvalidated(iommu.invalidationId(), 0, 6_000));

    r.mmu.expectMessageClass(TdpMmu.InvalidateRangeEnd.class, WAIT);
    r.iommu.expectMessageClass(Iommu.MmuNotifierInvalidateEnd.class, WAIT);
    // migrated: still resident, on a new frame
    assertThat(r.vm.frames().isLive(5, pfn5)).isFalse();
    assertThat(r.vm.frames().isLive(5, r.vm.frames().pfnOf(5))).isTrue();
    assertThat(r.end()).isEqualTo("10000/1/");
  }

  @Test
  void aMemslotChangeIsAZapRequestToKvmWithNoRangeEndAndNoChangeOfTheBacking() throws Exception {
    Rig r = new Rig(Mode.SEPARATE_IOPF, new HostEventSpec(1_000, ZapCause.MEMSLOT, 0, 0, 512));
    r.vm.frames().faultIn(0, 1024);
    long pfn5 = r.vm.frames().pfnOf(5);
    r.start();

    TdpMmu.ZapRange zap = r.mmu.expectMessageClass(TdpMmu.ZapRange.class, WAIT);
    assertThat(zap.cause()).isEqualTo(ZapCause.MEMSLOT);
    r.iommu.expectNoMessage(Quiet.WINDOW);
    zap.replyTo().tell(new TdpMmu.InvalidateDone(zap.eventId(), true, 2_000));

    assertThat(r.end()).isEqualTo("10000/1/");
    r.mmu.expectNoMessage(Quiet.WINDOW);
    assertThat(r.vm.frames().isLive(5, pfn5)).isTrue();
  }

  @Test
  void pinnedMemoryIsNotifiedButNotReclaimedAndTheEventCountsAsRefused() throws Exception {
    Rig r = new Rig(Mode.SEPARATE, new HostEventSpec(1_000, ZapCause.RECLAIM, 0, 0, 512));
    r.vm.frames().pinAll();
    long pfn5 = r.vm.frames().pfnOf(5);
    r.start();

    TdpMmu.Invalidate start = r.mmu.expectMessageClass(TdpMmu.Invalidate.class, WAIT);
    start.replyTo().tell(new TdpMmu.InvalidateDone(start.eventId(), true, 4_000));

    r.mmu.expectMessageClass(TdpMmu.InvalidateRangeEnd.class, WAIT);
    assertThat(r.end()).isEqualTo("10000/1/");
    assertThat(r.vm.frames().isLive(5, pfn5)).isTrue();
    StatsMerger m = r.stats();
    assertThat(m.counter("hostEvents")).isEqualTo(1);
    assertThat(m.counter("hostEventsRefusedPinned")).isEqualTo(1);
  }

  @Test
  void theHostSleepsThroughWindowsBeforeItsNextEventAndEventsRunOneAtATime() throws Exception {
    // events at 1,000 and 35,000: the first in window 1 (ends 10,000); windows 2 and 3 pass without the host;
    // the second in window 4 (ends 40,000)
    Rig r = new Rig(Mode.SHARED_IOPF, new HostEventSpec(1_000, ZapCause.MEMSLOT, 0, 0, 512),
        new HostEventSpec(35_000, ZapCause.NX_RECOVERY, 0, 512, 1024));
    r.start();
    assertThat(r.nextWindow()).isEqualTo(10_000);
    TdpMmu.ZapRange first = r.mmu.expectMessageClass(TdpMmu.ZapRange.class, WAIT);
    assertThat(first.raisedNs()).isEqualTo(1_000);
    first.replyTo().tell(new TdpMmu.InvalidateDone(first.eventId(), true, 2_000));

    assertThat(r.nextWindow()).isEqualTo(40_000);
    TdpMmu.ZapRange second = r.mmu.expectMessageClass(TdpMmu.ZapRange.class, WAIT);
    assertThat(second.raisedNs()).isEqualTo(35_000);
    assertThat(second.cause()).isEqualTo(ZapCause.NX_RECOVERY);
    assertThat(second.eventId()).isNotEqualTo(first.eventId());
    second.replyTo().tell(new TdpMmu.InvalidateDone(second.eventId(), true, 36_000));

    assertThat(r.end()).isEqualTo("40000/4/");
    assertThat(r.stats().counter("hostEvents")).isEqualTo(2);
  }

  @Test
  void agingCountsPagesWhoseAccessedBitIsSetAsYoungAndTheRestAsOld() throws Exception {
    Rig r = new Rig(Mode.SHARED_IOPF, new HostEventSpec(1_000, ZapCause.AGING, 0, 0, 1024));
    // 10 pages touched (A set by the walk), the other 1,014 never mapped
    for (long gfn = 0; gfn < 10; gfn++) {
      r.vm.tdpFaults().handle(gfn, AccessKind.READ.mask(), new FaultResult());
      r.vm.tdp().translate(gfn, AccessKind.READ.mask(), 3);
    }
    r.start();

    assertThat(r.end()).isEqualTo("10000/1/");
    // aging is the host's own scan: no listener is told
    r.mmu.expectNoMessage(Quiet.WINDOW);
    StatsMerger m = r.stats();
    assertThat(m.counter("agingScans")).isEqualTo(1);
    assertThat(m.counter("pagesScannedYoung")).isEqualTo(10);
    assertThat(m.counter("pagesScannedOld")).isEqualTo(1014);
  }
}
