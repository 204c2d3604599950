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
    FifoServer s = new FifoServer();
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
}
