package tdpsim.actors.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The calendar against two reference models: a plain "free at" FIFO, and a list of every reservation. */
class BusyCalendarTest {

  /**
   * The case the calendar exists for, by hand: jobs of 1 us; one arriving at 18 us reaches the server first,
   * then one arriving at 2 us. A "free at" server would start the second at 19 us (a wait of 17 us); in virtual
   * time nothing is ahead of it, so it starts at 2 us. A third at 18.5 us waits for the first: starts at 19 us.
   */
  @Test
  void anEarlierJobHandledLaterDoesNotWaitBehindALaterOne() {
    BusyCalendar c = new BusyCalendar();
    assertThat(c.serve(18_000, 1_000)).isEqualTo(18_000);
    assertThat(c.serve(2_000, 1_000)).isEqualTo(2_000);
    assertThat(c.serve(18_500, 1_000)).isEqualTo(19_000);
    assertThat(c.intervals()).isEqualTo(2); // [2, 3) and [18, 20): the last joined the first
  }

  /** A gap too short for the job: 1 us idle between [0, 1) and [2, 3); a 2 us job arriving at 0 starts at 3 us. */
  @Test
  void aJobTakesOnlyAGapLongEnoughForIt() {
    BusyCalendar c = new BusyCalendar();
    c.serve(0, 1_000);
    c.serve(2_000, 1_000);
    assertThat(c.serve(0, 2_000)).isEqualTo(3_000);
    assertThat(c.serve(0, 1_000)).isEqualTo(1_000); // exactly fills [1, 2): the three intervals merge into one
    assertThat(c.intervals()).isEqualTo(1);
  }

  /** Arrivals in virtual-time order: every start equals the plain FIFO's {@code max(arrival, free at)}. */
  @Test
  void inOrderArrivalsAreFirstComeFirstServed() {
    SplittableRandom r = new SplittableRandom(1);
    for (int trial = 0; trial < 200; trial++) {
      BusyCalendar c = new BusyCalendar(2 + r.nextInt(40));
      long t = 0;
      long freeAt = 0;
      for (int job = 0; job < 300; job++) {
        t += r.nextInt(3) == 0 ? 0 : r.nextLong(2_000);
        long service = 1 + r.nextLong(1_500);
        long expected = Math.max(t, freeAt);
        freeAt = expected + service;
        assertThat(c.serve(t, service)).as("trial %d job %d", trial, job).isEqualTo(expected);
      }
    }
  }

  /**
   * Arrivals shuffled within a window, as the engine delivers them: each start is the earliest idle stretch that
   * a list of every earlier reservation gives (no capacity limit), and no two reservations overlap.
   */
  @Test
  void shuffledArrivalsTakeTheEarliestIdleStretch() {
    SplittableRandom r = new SplittableRandom(2);
    for (int trial = 0; trial < 200; trial++) {
      BusyCalendar c = new BusyCalendar(100_000);
      List<long[]> reserved = new ArrayList<>();
      long windowStart = 0;
      for (int job = 0; job < 300; job++) {
        if (r.nextInt(20) == 0) {
          windowStart += 20_000;
        }
        long t = windowStart + r.nextLong(20_000);
        long service = 1 + r.nextLong(r.nextBoolean() ? 500 : 5_000);
        long expected = referenceStart(reserved, t, service);
        assertThat(c.serve(t, service)).as("trial %d job %d", trial, job).isEqualTo(expected);
        reserved.add(new long[] {expected, expected + service});
      }
    }
  }

  /**
   * A small calendar forgets old gaps by merging its oldest intervals: starts may then be later than the
   * reference's, never earlier than the arrival, and never overlap a reservation, however far back a job arrives.
   */
  @Test
  void aFullCalendarStaysConservative() {
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 100; trial++) {
      BusyCalendar c = new BusyCalendar(2 + r.nextInt(6));
      List<long[]> reserved = new ArrayList<>();
      for (int job = 0; job < 200; job++) {
        long t = r.nextLong(200_000);
        long service = 1 + r.nextLong(3_000);
        long start = c.serve(t, service);
        assertThat(start).isGreaterThanOrEqualTo(referenceStart(reserved, t, service));
        for (long[] iv : reserved) {
          assertThat(start + service <= iv[0] || start >= iv[1]).as("trial %d job %d overlaps", trial, job).isTrue();
        }
        reserved.add(new long[] {start, start + service});
        assertThat(c.intervals()).isLessThanOrEqualTo(8);
      }
    }
  }

  @Test
  void reserveOnAFullCalendarWithoutAskingFirstIsRefused() {
    BusyCalendar c = new BusyCalendar(2);
    c.serve(0, 1);
    c.serve(10, 1);
    assertThatThrownBy(() -> c.reserve(20, 1)).isInstanceOf(IllegalStateException.class);
  }

  /** The smallest u >= t, among t and the ends of reservations, with [u, u + s) overlapping none of them. */
  private static long referenceStart(List<long[]> reserved, long t, long s) {
    long best = Long.MAX_VALUE;
    List<Long> candidates = new ArrayList<>();
    candidates.add(t);
    for (long[] iv : reserved) {
      if (iv[1] >= t) {
        candidates.add(iv[1]);
      }
    }
    for (long u : candidates) {
      boolean free = true;
      for (long[] iv : reserved) {
        if (u < iv[1] && iv[0] < u + s) {
          free = false;
          break;
        }
      }
      if (free) {
        best = Math.min(best, u);
      }
    }
    return best;
  }
}
