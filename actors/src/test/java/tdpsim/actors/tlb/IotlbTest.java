package tdpsim.actors.tlb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IotlbTest {
  @Test
  void entriesAreTaggedByDomain() {
    Iotlb iotlb = new Iotlb(512);
    iotlb.insert(1, 10, 1, 110, false);
    iotlb.insert(2, 10, 1, 210, false);
    assertThat(iotlb.lookup(1, 10, false)).isEqualTo(110);
    assertThat(iotlb.lookup(2, 10, false)).isEqualTo(210);
    assertThat(iotlb.lookup(3, 10, false)).isEqualTo(-1);
  }

  @Test
  void pageSelectiveInvalidationLeavesOtherDomainsAndPages() {
    Iotlb iotlb = new Iotlb(512);
    iotlb.insert(1, 10, 1, 110, false);
    iotlb.insert(1, 11, 1, 111, false);
    iotlb.insert(2, 10, 1, 210, false);
    assertThat(iotlb.invalidateRange(1, 10, 11)).isEqualTo(1);
    assertThat(iotlb.lookup(1, 10, false)).isEqualTo(-1);
    assertThat(iotlb.lookup(1, 11, false)).isEqualTo(111);
    assertThat(iotlb.lookup(2, 10, false)).isEqualTo(210);
  }

  @Test
  void domainSelectiveInvalidationDropsTheWholeDomain() {
    Iotlb iotlb = new Iotlb(512);
    for (int g = 0; g < 100; g++) {
      iotlb.insert(1, g, 1, 1000 + g, true);
    }
    iotlb.insert(2, 5, 1, 7, true);
    assertThat(iotlb.invalidateDomain(1)).isPositive();
    for (int g = 0; g < 100; g++) {
      assertThat(iotlb.lookup(1, g, false)).isEqualTo(-1);
    }
    assertThat(iotlb.lookup(2, 5, true)).isEqualTo(7);
  }
}
