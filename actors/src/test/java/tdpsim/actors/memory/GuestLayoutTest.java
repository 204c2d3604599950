package tdpsim.actors.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestLayoutTest {
  private static final long GIB = 1L << 18;

  @Test
  void mappingLevelIsCappedByBackingTableAndSlotEdges() {
    GuestLayout l = new GuestLayout(List.of(
        new GuestLayout.Memslot(0, 3 * GIB, 3),
        new GuestLayout.Memslot(4 * GIB, 4 * GIB + 1000, 2)));
    assertThat(l.maxMappingLevel(5, 3)).isEqualTo(3);
    assertThat(l.maxMappingLevel(5, 2)).isEqualTo(2);
    // The second slot is 1000 pages long: one full 2 MiB page, then 4 KiB pages to its end.
    assertThat(l.maxMappingLevel(4 * GIB + 10, 3)).isEqualTo(2);
    assertThat(l.maxMappingLevel(4 * GIB + 600, 3)).isEqualTo(1);
    assertThat(l.maxMappingLevel(3 * GIB + 1, 3)).isZero();
    assertThat(l.totalPages()).isEqualTo(3 * GIB + 1000);
  }

  @Test
  void overlappingSlotsAreRefused() {
    assertThatThrownBy(() -> new GuestLayout(List.of(
        new GuestLayout.Memslot(0, 100, 1), new GuestLayout.Memslot(50, 200, 1))))
        .hasMessageContaining("overlapping");
  }
}
