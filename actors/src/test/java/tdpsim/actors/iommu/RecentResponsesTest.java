package tdpsim.actors.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Figures by hand in each comment. */
class RecentResponsesTest {

  /**
   * VM 0: requests raised at 10 and 20 us answered at 30 and 25 us (out of order); one raised at 60 us answered at
   * 70 us; VM 1: raised at 5 us, answered at 90 us. A drain of VM 0 starting at 40 us must wait until 30 us (the
   * later of the two raised before it), not 70 us (raised after it) nor 90 us (another VM).
   */
  @Test
  void aDrainWaitsForTheLatestResponseOfItsVmsRequestsRaisedBeforeIt() {
    RecentResponses r = new RecentResponses(8);
    r.record(0, 10_000, 30_000);
    r.record(0, 20_000, 25_000);
    r.record(0, 60_000, 70_000);
    r.record(1, 5_000, 90_000);
    assertThat(r.latestForRaisedBy(0, 40_000)).isEqualTo(30_000);
    assertThat(r.latestForRaisedBy(0, 60_000)).isEqualTo(70_000);
    assertThat(r.latestForRaisedBy(1, 40_000)).isEqualTo(90_000);
    assertThat(r.latestForRaisedBy(0, 9_000)).isEqualTo(Long.MIN_VALUE);
    assertThat(r.latestForRaisedBy(2, 100_000)).isEqualTo(Long.MIN_VALUE);
  }

  /** Capacity 2: the third response pushes out the first (raised at 1 us, answered at 50 us). */
  @Test
  void theOldestResponseIsForgottenFirst() {
    RecentResponses r = new RecentResponses(2);
    r.record(0, 1_000, 50_000);
    r.record(0, 2_000, 3_000);
    assertThat(r.latestForRaisedBy(0, 10_000)).isEqualTo(50_000);
    r.record(0, 4_000, 5_000);
    assertThat(r.latestForRaisedBy(0, 10_000)).isEqualTo(5_000);
  }
}
