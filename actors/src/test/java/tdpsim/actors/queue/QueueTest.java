package tdpsim.actors.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Waits worked out by hand in each comment. */
class QueueTest {

  /**
   * One server, service 3 us each, arrivals at 0, 1 and 2 us: starts 0, 3, 6; waits 0, 2, 4; done 3, 6, 9.
   * A fourth job at 20 us finds the server idle: wait 0, done 23. Busy 12 us.
   */
  @Test
  void fifoServerQueuesBehindEarlierJobs() {
    MultiServer s = new MultiServer(1);
    assertThat(s.serve(0, 3_000)).isEqualTo(3_000);
    assertThat(s.lastWaitNs()).isZero();
    assertThat(s.serve(1_000, 3_000)).isEqualTo(6_000);
    assertThat(s.lastWaitNs()).isEqualTo(2_000);
    assertThat(s.serve(2_000, 3_000)).isEqualTo(9_000);
    assertThat(s.lastWaitNs()).isEqualTo(4_000);
    assertThat(s.serve(20_000, 3_000)).isEqualTo(23_000);
    assertThat(s.lastWaitNs()).isZero();
    assertThat(s.busyNs()).isEqualTo(12_000);
    assertThat(s.jobs()).isEqualTo(4);
  }

  /**
   * Two workers, five jobs of 4 us all arriving at 0: jobs 1 and 2 start at once, 3 and 4 at 4 us, 5 at 8 us.
   * Waits 0, 0, 4, 4, 8.
   */
  @Test
  void multiServerUsesTheWorkerThatFreesFirst() {
    MultiServer s = new MultiServer(2);
    long[] waits = new long[5];
    long[] done = new long[5];
    for (int i = 0; i < 5; i++) {
      done[i] = s.serve(0, 4_000);
      waits[i] = s.lastWaitNs();
    }
    assertThat(waits).containsExactly(0, 0, 4_000, 4_000, 8_000);
    assertThat(done).containsExactly(4_000, 4_000, 8_000, 8_000, 12_000);
    assertThat(s.busyNs()).isEqualTo(20_000);
  }

  /**
   * 1 GiB/s of zeroing, three 1 GiB allocations at time 0: each needs 1 s of the channel; waits 0, 1 s, 2 s.
   * The measured case: 256 x 1 GiB at 256 GiB per 10.2 s; the last waits 255/256 of 10.2 s.
   */
  @Test
  void sharedBandwidthServesConcurrentAllocationsOneAfterAnother() {
    long gib = 1L << 30;
    SharedBandwidth z = new SharedBandwidth(gib);
    assertThat(z.waitNs(0, gib)).isZero();
    assertThat(z.waitNs(0, gib)).isEqualTo(1_000_000_000L);
    assertThat(z.waitNs(0, gib)).isEqualTo(2_000_000_000L);
    assertThat(z.busyNs()).isEqualTo(3_000_000_000L);

    long bandwidth = Math.round(256.0 * gib / 10.2);
    SharedBandwidth host = new SharedBandwidth(bandwidth);
    long last = 0;
    for (int v = 0; v < 256; v++) {
      last = host.waitNs(0, gib);
    }
    long service = host.serviceNs(gib);
    assertThat(service).isBetween(39_800_000L, 39_900_000L);
    assertThat(last + service).isBetween(10_190_000_000L, 10_210_000_000L);
  }

  @Test
  void unlimitedBandwidthNeverWaits() {
    SharedBandwidth z = new SharedBandwidth(0);
    assertThat(z.waitNs(0, 1L << 30)).isZero();
    assertThat(z.waitNs(0, 1L << 30)).isZero();
    assertThat(z.limited()).isFalse();
  }

  /**
   * Out of virtual-time order, by hand (the engine handles a window's arrivals in execution order). One server,
   * 1 us jobs: the one arriving at 18 us is handled first, then the one arriving at 2 us, which finds the server
   * idle at 2 us (wait 0, done 3 us); a plain "free at" server would have started it at 19 us.
   */
  @Test
  void fifoServerDoesNotMakeAnEarlierArrivalWaitForALaterOne() {
    MultiServer s = new MultiServer(1);
    assertThat(s.serve(18_000, 1_000)).isEqualTo(19_000);
    assertThat(s.serve(2_000, 1_000)).isEqualTo(3_000);
    assertThat(s.lastWaitNs()).isZero();
    assertThat(s.serve(18_500, 1_000)).isEqualTo(20_000);
    assertThat(s.lastWaitNs()).isEqualTo(500);
  }

  /**
   * Two workers, 4 us jobs: two arriving at 10 us take both workers for [10, 14). A job arriving at 0, handled
   * next, starts at once on worker 0. One arriving at 8 us fits no worker before 10 us (2 us idle) and starts at
   * 14 us: wait 6 us.
   */
  @Test
  void multiServerFillsIdleWorkersBeforeLaterArrivals() {
    MultiServer s = new MultiServer(2);
    s.serve(10_000, 4_000);
    s.serve(10_000, 4_000);
    assertThat(s.serve(0, 4_000)).isEqualTo(4_000);
    assertThat(s.lastWaitNs()).isZero();
    assertThat(s.serve(8_000, 4_000)).isEqualTo(18_000);
    assertThat(s.lastWaitNs()).isEqualTo(6_000);
  }

  /**
   * 1 GiB/s: a 1 GiB transfer arriving at 5 s is handled first (wait 0). Two arriving at 0 are handled next: the
   * first finds the channel idle until 5 s (wait 0), the second starts when it ends, at 1 s (wait 1 s); a
   * "free at" channel would have made them wait 6 and 7 s behind the later transfer.
   */
  @Test
  void sharedBandwidthServesTransfersInVirtualTimeNotArrivalOrder() {
    long gib = 1L << 30;
    SharedBandwidth z = new SharedBandwidth(gib);
    assertThat(z.waitNs(5_000_000_000L, gib)).isZero();
    assertThat(z.waitNs(0, gib)).isZero();
    assertThat(z.waitNs(0, gib)).isEqualTo(1_000_000_000L);
    assertThat(z.busyNs()).isEqualTo(3_000_000_000L);
  }
}
