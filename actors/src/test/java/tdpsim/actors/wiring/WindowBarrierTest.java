package tdpsim.actors.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The window barrier on its own: slot layout, who starts the next window, idle members, the end. */
class WindowBarrierTest {
  /** Records every window start, by slot, in the order the fan-out told them. */
  private static final class Starts {
    final List<String> log = new ArrayList<>();

    WindowBarrier.Member member(int slot) {
      return end -> log.add(slot + "@" + end);
    }
  }

  private static WindowBarrier barrier(long durationNs, long windowNs, ViolationLog violations) {
    // host, vm0: 2 vCPUs, vm1: 1 vCPU, 1 device, a migration of vm1
    return new WindowBarrier(durationNs, windowNs, true, violations, new RunProgress(), new int[] {2, 1}, 1,
        new boolean[] {false, true});
  }

  /** A host and one vCPU of one VM, windows of 10 ns. */
  private static WindowBarrier hostAndOneVcpu(long durationNs, ViolationLog violations) {
    return new WindowBarrier(durationNs, 10, true, violations, new RunProgress(), new int[] {1}, 0,
        new boolean[] {false});
  }

  /** Starts {@code b}; the reference holds "windowEndNs/windows/stopReason" once the windows end. */
  private static AtomicReference<String> start(WindowBarrier b) {
    AtomicReference<String> ended = new AtomicReference<>();
    b.start((end, windows, reason) -> ended.set(end + "/" + windows + "/" + reason));
    return ended;
  }

  @Test
  void slotsAreHostThenEachVmsVcpusThenDevicesThenMigrations() {
    WindowBarrier b = barrier(100, 10, new ViolationLog());
    assertThat(b.slots()).isEqualTo(6);
    assertThat(b.hostSlot()).isZero();
    assertThat(b.vcpuSlot(0, 0)).isEqualTo(1);
    assertThat(b.vcpuSlot(0, 1)).isEqualTo(2);
    assertThat(b.vcpuSlot(1, 0)).isEqualTo(3);
    assertThat(b.deviceSlot(0)).isEqualTo(4);
    assertThat(b.migrationSlot(1)).isEqualTo(5);
    assertThatThrownBy(() -> b.migrationSlot(0)).hasMessageContaining("vm0 has no migration");
  }

  @Test
  void onlyTheLastArrivalStartsTheNextWindowAndIdleMembersAreNotStartedAgain() {
    WindowBarrier b = barrier(100, 10, new ViolationLog());
    Starts starts = new Starts();
    for (int s = 0; s < b.slots(); s++) {
      b.bind(s, starts.member(s));
    }
    AtomicReference<String> ended = start(b);
    assertThat(starts.log).containsExactly("0@10", "1@10", "2@10", "3@10", "4@10", "5@10");

    starts.log.clear();
    b.arrive(3, true); // vm1's vCPU is exhausted
    b.arrive(0, false);
    b.arrive(1, false);
    b.arrive(4, false);
    b.arrive(5, false);
    assertThat(starts.log).as("one member has not arrived yet").isEmpty();
    b.arrive(2, false);
    assertThat(starts.log).containsExactly("0@20", "1@20", "2@20", "4@20", "5@20");
    assertThat(b.windowEndNs()).isEqualTo(20);
    assertThat(ended.get()).isNull();
  }

  @Test
  void theWindowsEndAtTheDurationWithTheLastWindowCutShort() {
    WindowBarrier b = hostAndOneVcpu(25, new ViolationLog());
    List<Long> ends = new ArrayList<>();
    b.bind(0, ends::add);
    b.bind(1, end -> { });
    AtomicReference<String> ended = start(b);
    for (int w = 0; w < 3; w++) {
      b.arrive(0, false);
      b.arrive(1, false);
    }
    assertThat(ends).containsExactly(10L, 20L, 25L);
    assertThat(ended.get()).isEqualTo("25/3/");
  }

  @Test
  void everyMemberIdleEndsTheWindowsBeforeTheDuration() {
    WindowBarrier b = hostAndOneVcpu(1_000, new ViolationLog());
    b.bind(0, end -> { });
    b.bind(1, end -> { });
    AtomicReference<String> ended = start(b);
    b.arrive(0, true);
    b.arrive(1, true);
    assertThat(ended.get()).isEqualTo("10/1/");
  }

  @Test
  void aViolationStopsTheRunAtTheNextWindowEdgeWithTheFirstOneAsTheReason() {
    ViolationLog violations = new ViolationLog();
    WindowBarrier b = hostAndOneVcpu(1_000, violations);
    b.bind(0, end -> { });
    b.bind(1, end -> { });
    AtomicReference<String> ended = start(b);
    violations.report("stale translation");
    b.arrive(0, false);
    b.arrive(1, false);
    assertThat(ended.get()).isEqualTo("10/1/invariant violation: stale translation");
  }

  @Test
  void aSleepingMemberIsStartedAgainOnlyForTheFirstWindowEndingAfterItsWakeTime() {
    WindowBarrier b = hostAndOneVcpu(1_000, new ViolationLog());
    List<Long> host = new ArrayList<>();
    List<Long> vcpu = new ArrayList<>();
    b.bind(0, host::add);
    b.bind(1, vcpu::add);
    b.start((end, windows, reason) -> { });
    b.arrive(0, 35L); // the host's next event is at 35 ns: due in the window ending at 40
    b.arrive(1, false);
    b.arrive(1, false); // window 20: the vCPU alone
    b.arrive(1, false); // window 30
    assertThat(host).containsExactly(10L, 40L);
    assertThat(vcpu).containsExactly(10L, 20L, 30L, 40L);
  }

  @Test
  void windowsInWhichEveryMemberSleepsArePassedWithoutAMessageButCounted() {
    WindowBarrier b = new WindowBarrier(1_000, 10, true, new ViolationLog(), new RunProgress(), new int[] {0}, 0,
        new boolean[] {false});
    List<Long> host = new ArrayList<>();
    b.bind(0, host::add);
    AtomicReference<String> ended = start(b);
    b.arrive(0, 55L);
    assertThat(host).containsExactly(10L, 60L);
    b.arrive(0, 2_000L); // nothing before the end of the run
    assertThat(ended.get()).isEqualTo("1000/100/");
  }

  @Test
  void startRefusesAnUnboundSlot() {
    WindowBarrier b = barrier(100, 10, new ViolationLog());
    b.bind(0, end -> { });
    assertThatThrownBy(() -> b.start((end, windows, reason) -> { })).hasMessageContaining("slot 1");
  }

  /**
   * Members on several threads, each told by the fan-out and arriving from its own thread: every window starts
   * exactly once per member and in order, none starts before every member arrived for the one before, and the
   * run ends once.
   */
  @Test
  void concurrentArrivalsStartEveryWindowOnceAndInOrder() throws Exception {
    int vcpus = 7;
    long windowsWanted = 2_000;
    WindowBarrier b = new WindowBarrier(windowsWanted * 10, 10, true, new ViolationLog(), new RunProgress(),
        new int[] {vcpus}, 0, new boolean[] {false});
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicLong[] lastEnd = new AtomicLong[b.slots()];
    AtomicLongArray arrivals = new AtomicLongArray((int) windowsWanted + 1);
    AtomicLong early = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> ended = new AtomicReference<>();
    try {
      for (int s = 0; s < b.slots(); s++) {
        int slot = s;
        lastEnd[s] = new AtomicLong();
        b.bind(s, end -> pool.execute(() -> {
          int window = (int) (end / 10);
          if (lastEnd[slot].getAndSet(end) != end - 10) {
            skipped.incrementAndGet();
          }
          // Window k + 1 starts only after every member arrived for window k.
          if (window > 1 && arrivals.get(window - 1) != b.slots()) {
            early.incrementAndGet();
          }
          arrivals.incrementAndGet(window);
          b.arrive(slot, false);
        }));
      }
      b.start((end, windows, reason) -> {
        ended.set(end + "/" + windows + "/" + reason);
        done.countDown();
      });
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertThat(ended.get()).isEqualTo(windowsWanted * 10 + "/" + windowsWanted + "/");
    assertThat(early.get()).isZero();
    assertThat(skipped.get()).isZero();
    for (AtomicLong end : lastEnd) {
      assertThat(end.get()).isEqualTo(windowsWanted * 10);
    }
  }
}
