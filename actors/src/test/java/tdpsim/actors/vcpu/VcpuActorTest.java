package tdpsim.actors.vcpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.actors.wiring.TestVms;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.Access;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Mode;
import tdpsim.protocol.Vcpu;

/**
 * One vCPU through its messages: windows of accesses, remote TLB flushes, pause. Written against what it sends
 * and reports, not how it walks. One VM of 1,024 pages with 4 KiB backing, default costs: a TLB hit 1 ns, a TDP
 * walk 60 ns, a VM exit 1,000 ns, a fault 2,000 ns plus 1,000 ns for a new 4 KiB host page, an INVEPT 500 ns.
 * So a first write to a page costs walk + exit + fault + allocation + walk again = 60 + 1,000 + 3,000 + 60 =
 * 4,120 ns; a repeat costs 1 ns.
 */
class VcpuActorTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final long FIRST_WRITE_NS = 4_120;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** Writes the gfns given, in order, once. */
  private static AccessSource writes(long... gfns) {
    int[] next = {0};
    return (buf, max) -> {
      int n = 0;
      while (n < max && next[0] < gfns.length) {
        buf[n++] = Access.encode(gfns[next[0]++], true);
      }
      return n;
    };
  }

  /** Writes gfn 0 forever. */
  private static AccessSource writesGfnZero() {
    return (buf, max) -> {
      for (int n = 0; n < max; n++) {
        buf[n] = Access.encode(0, true);
      }
      return max;
    };
  }

  /**
   * One vCPU and an idle host on a window barrier. The test starts each window itself ({@link #runWindow}); the
   * barrier opening the next window (or ending the run) is how it sees that the vCPU arrived: no sleeps.
   */
  private static final class Rig {
    final VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
    final BlockingQueue<Long> windows = new LinkedBlockingQueue<>();
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final ActorRef<Vcpu.Command> vcpu;
    /** A window the barrier opened that the test has not started yet (-1: the windows ended). */
    private Long opened;

    Rig(AccessSource source, long thinkTimeNs, long windowNs) {
      WindowBarrier barrier = new WindowBarrier(1_000_000, windowNs, false, new ViolationLog(), new RunProgress(),
          new int[] {1}, 0, new boolean[] {false});
      vcpu = KIT.spawn(VcpuActor.create(vm, 0, () -> source, thinkTimeNs, 0, 64,
          TestVms.config(Mode.SHARED_IOPF, 1_000_000), barrier));
      barrier.bind(barrier.hostSlot(), end -> barrier.arrive(barrier.hostSlot(), true));
      barrier.bind(barrier.vcpuSlot(0, 0), windows::add);
      barrier.start((end, count, reason) -> {
        ended.complete(end + "/" + count + "/" + reason);
        windows.add(-1L);
      });
    }

    /** Starts the window the barrier opened and returns its end. */
    long runWindow() throws InterruptedException {
      long end = nextOpened();
      assertThat(end).as("the run has not ended").isPositive();
      vcpu.tell(new Vcpu.RunWindow(end));
      return end;
    }

    /** Waits until the vCPU arrived at the end of the window it runs: the barrier opened the next one, or ended. */
    void awaitArrival() throws InterruptedException {
      opened = nextOpened();
    }

    private long nextOpened() throws InterruptedException {
      if (opened != null) {
        long end = opened;
        opened = null;
        return end;
      }
      Long end = windows.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(end).as("the vCPU arrived at the barrier").isNotNull();
      return end;
    }

    StatsMerger stats() {
      TestProbe<EntityStats> probe = KIT.createTestProbe();
      vcpu.tell(new Vcpu.ReportStats(probe.getRef()));
      StatsMerger m = new StatsMerger();
      m.add(probe.expectMessageClass(EntityStats.class, WAIT));
      return m;
    }

    Vcpu.TlbFlushed flush(long flushId, long sentNs) {
      TestProbe<Vcpu.TlbFlushed> probe = KIT.createTestProbe();
      vcpu.tell(new Vcpu.FlushTlb(flushId, 0, 1024, sentNs, probe.getRef()));
      return probe.expectMessageClass(Vcpu.TlbFlushed.class, WAIT);
    }
  }

  @Test
  void firstWritesFaultAndRepeatsHitTheTlbAndTheClockIsTheSumOfTheirCosts() throws Exception {
    Rig r = new Rig(writes(0, 1, 2, 3, 0, 1, 2, 3), 0, 20_000);
    r.runWindow();

    // 4 x 4,120 + 4 x 1 = 16,484 ns < 20,000: the workload ends in the first window, the vCPU arrives idle
    assertThat(r.ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("20000/1/");
    StatsMerger m = r.stats();
    assertThat(m.counter("vcpuAccesses")).isEqualTo(8);
    assertThat(m.counter("tlbMisses")).isEqualTo(4);
    assertThat(m.counter("vcpuFaults")).isEqualTo(4);
    assertThat(m.counter("tlbHits")).isEqualTo(4);
    assertThat(m.counter("hostPagesAllocated")).isEqualTo(4);
    assertThat(m.counter(VcpuActor.VCPU_CLOCK_NS)).isEqualTo(4 * FIRST_WRITE_NS + 4);
    assertThat(r.vm.tdp().lookup(3)).isEqualTo(
        tdpsim.actors.table.Walk.success(r.vm.frames().pfnOf(3), 1));
  }

  @Test
  void aWindowStopsTheVcpuAtItsEndAndTheNextWindowGoesOnFromThere() throws Exception {
    // think time 5,000: each first write takes 9,120 ns; windows of 10,000 ns
    Rig r = new Rig(writes(0, 1, 2, 3, 4, 5, 6, 7), 5_000, 10_000);
    assertThat(r.runWindow()).isEqualTo(10_000);
    r.awaitArrival();
    // 9,120 < 10,000 so a second access starts; 18,240 >= 10,000 ends the window
    assertThat(r.stats().counter("vcpuAccesses")).isEqualTo(2);
    assertThat(r.stats().counter(VcpuActor.VCPU_CLOCK_NS)).isEqualTo(18_240);

    assertThat(r.runWindow()).isEqualTo(20_000);
    r.awaitArrival();
    assertThat(r.stats().counter("vcpuAccesses")).isEqualTo(3);
    assertThat(r.stats().counter(VcpuActor.VCPU_CLOCK_NS)).isEqualTo(27_360);
  }

  @Test
  void aRemoteFlushOfARunningVcpuCostsAnExitAndAnInveptAndEmptiesTheTlb() throws Exception {
    // think time 1,000: the first write ends at 5,120, each hit adds 1,001: 5 hits reach 10,125 >= 10,000
    Rig r = new Rig(writesGfnZero(), 1_000, 10_000);
    r.runWindow();
    r.awaitArrival();
    assertThat(r.stats().counter(VcpuActor.VCPU_CLOCK_NS)).isEqualTo(10_125);
    assertThat(r.stats().counter("tlbHits")).isEqualTo(5);

    Vcpu.TlbFlushed ack = r.flush(7, 10_000);

    // VM exit 1,000 + INVEPT 500 after the flush was sent
    assertThat(ack.flushId()).isEqualTo(7);
    assertThat(ack.vcpuIndex()).isZero();
    assertThat(ack.doneNs()).isEqualTo(11_500);
    r.runWindow();
    r.awaitArrival();
    StatsMerger m = r.stats();
    assertThat(m.counter("invepts")).isEqualTo(1);
    // gfn 0 is still mapped but no longer cached: one more TLB miss (a walk, 60 + 1,000 think), no fault;
    // then hits from 12,685 on: 8 more reach 20,693
    assertThat(m.counter("tlbMisses")).isEqualTo(2);
    assertThat(m.counter("vcpuFaults")).isEqualTo(1);
    assertThat(m.counter("tlbHits")).isEqualTo(5 + 8);
    assertThat(m.counter(VcpuActor.VCPU_CLOCK_NS)).isEqualTo(20_693);
  }

  @Test
  void aVcpuWhoseWorkloadEndedFlushesAtNoCost() throws Exception {
    Rig r = new Rig(writes(0), 0, 20_000);
    r.runWindow();
    assertThat(r.ended.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("20000/1/");

    Vcpu.TlbFlushed ack = r.flush(3, 50_000);

    assertThat(ack.doneNs()).isEqualTo(50_000);
    assertThat(r.stats().counter("invepts")).isZero();
  }

  @Test
  void aPausedVcpuReportsItsClockAndMakesNoMoreAccessesWhileWindowsPass() throws Exception {
    Rig r = new Rig(writesGfnZero(), 1_000, 10_000);
    r.runWindow();
    r.awaitArrival();
    TestProbe<Vcpu.Paused> paused = KIT.createTestProbe();

    r.vcpu.tell(new Vcpu.Pause(paused.getRef()));

    Vcpu.Paused p = paused.expectMessageClass(Vcpu.Paused.class, WAIT);
    assertThat(p.vmIndex()).isZero();
    assertThat(p.vcpuIndex()).isZero();
    assertThat(p.clockNs()).isEqualTo(10_125);
    r.runWindow();
    r.awaitArrival();
    StatsMerger m = r.stats();
    assertThat(m.counter("vcpuAccesses")).isEqualTo(6);
    // its clock follows the windows: 20,000 at the end of the second
    assertThat(m.counter(VcpuActor.VCPU_CLOCK_NS)).isEqualTo(20_000);
    assertThat(r.flush(9, 20_000).doneNs()).as("a paused vCPU is not in guest mode: no exit").isEqualTo(20_000);
  }

  @Test
  void aTlbHitOnAFrameTheHostMovedIsReportedAsAUseAfterFree() throws Exception {
    Rig r = new Rig(writesGfnZero(), 1_000, 10_000);
    r.runWindow();
    r.awaitArrival();
    // the host migrates gfn 0 to a new frame without any invalidation reaching the vCPU
    r.vm.frames().move(0, 1);

    r.runWindow();
    r.awaitArrival();

    // The first access hits the TLB entry of the old frame: caught, the entry dropped. The table still maps the
    // old frame too (nothing zapped it), so from then on every access is stale: a walk (60 + 1,000 think) that
    // caches it again, then a hit (1 + 1,000) on it, alternately, from 10,125 until the clock passes 20,000:
    // 11,126 12,186 13,187 14,247 15,248 16,308 17,309 18,369 19,370 20,430, ten accesses, ten reports.
    assertThat(r.vm.violations().count()).isEqualTo(10);
    assertThat(r.vm.violations().first()).contains("vm0.vcpu0").contains("TLB hit").contains("gfn 0x0");
    StatsMerger m = r.stats();
    assertThat(m.counter("invariantViolations")).isEqualTo(10);
    assertThat(m.counter(VcpuActor.VCPU_CLOCK_NS)).isEqualTo(20_430);
  }
}
