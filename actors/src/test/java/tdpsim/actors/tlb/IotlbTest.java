package tdpsim.actors.tlb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IotlbTest {
  @Test
  void entriesAreTaggedByDomain() {
    Iotlb iotlb = new Iotlb(512);
    iotlb.insert(1, 10, 1, 110, false, iotlb.invalidationSeq(1));
    iotlb.insert(2, 10, 1, 210, false, iotlb.invalidationSeq(2));
    assertThat(iotlb.lookup(1, 10, false)).isEqualTo(110);
    assertThat(iotlb.lookup(2, 10, false)).isEqualTo(210);
    assertThat(iotlb.lookup(3, 10, false)).isEqualTo(-1);
  }

  @Test
  void pageSelectiveInvalidationLeavesOtherDomainsAndPages() {
    Iotlb iotlb = new Iotlb(512);
    iotlb.insert(1, 10, 1, 110, false, iotlb.invalidationSeq(1));
    iotlb.insert(1, 11, 1, 111, false, iotlb.invalidationSeq(1));
    iotlb.insert(2, 10, 1, 210, false, iotlb.invalidationSeq(2));
    assertThat(iotlb.invalidateRange(1, 10, 11)).isEqualTo(1);
    assertThat(iotlb.lookup(1, 10, false)).isEqualTo(-1);
    assertThat(iotlb.lookup(1, 11, false)).isEqualTo(111);
    assertThat(iotlb.lookup(2, 10, false)).isEqualTo(210);
  }

  @Test
  void domainSelectiveInvalidationDropsTheWholeDomain() {
    Iotlb iotlb = new Iotlb(512);
    for (int g = 0; g < 100; g++) {
      iotlb.insert(1, g, 1, 1000 + g, true, iotlb.invalidationSeq(1));
    }
    iotlb.insert(2, 5, 1, 7, true, iotlb.invalidationSeq(2));
    assertThat(iotlb.invalidateDomain(1)).isPositive();
    for (int g = 0; g < 100; g++) {
      assertThat(iotlb.lookup(1, g, false)).isEqualTo(-1);
    }
    assertThat(iotlb.lookup(2, 5, true)).isEqualTo(7);
  }

  /**
   * A device's walk that began before an invalidation fills nothing after it: the walk may have read the entry
   * the invalidation was for (a write-protected page still writable, say), and a fill after the drop would leave
   * that stale translation cached past a completed invalidation.
   */
  @Test
  void aWalkThatBeganBeforeAnInvalidationCachesNothingAfterIt() {
    Iotlb iotlb = new Iotlb(512);
    long seq = iotlb.invalidationSeq(1);
    long otherSeq = iotlb.invalidationSeq(2);
    iotlb.invalidateRange(1, 0, 16);
    assertThat(iotlb.insert(1, 10, 1, 110, true, seq)).isFalse();
    assertThat(iotlb.lookup(1, 10, true)).isEqualTo(-1);
    assertThat(iotlb.insert(2, 10, 1, 210, true, otherSeq)).as("another domain's walk").isTrue();
    assertThat(iotlb.insert(1, 10, 1, 110, true, iotlb.invalidationSeq(1))).as("a walk after it").isTrue();
    assertThat(iotlb.lookup(1, 10, true)).isEqualTo(110);
    long before = iotlb.invalidationSeq(1);
    iotlb.invalidateDomain(1);
    assertThat(iotlb.insert(1, 11, 1, 111, true, before)).as("domain-selective too").isFalse();
  }
}
