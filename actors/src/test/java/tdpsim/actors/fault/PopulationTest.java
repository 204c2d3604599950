package tdpsim.actors.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.TableSettings;
import tdpsim.actors.table.Walk;

/**
 * Pin-and-map ({@code separate}) and pre-fault ({@code shared-prepopulated}) of a whole table. The default costs
 * used here: a 4 KiB host page 1,000 ns, a 2 MiB one 75,000 ns, pre-fault 300 ns per 4 KiB page.
 */
class PopulationTest {
  private static final CostModel COSTS = CostModel.defaults();
  private static final long PREFAULT_NS = 300;

  private static SharedPageTable table() {
    return new SharedPageTable(TableSettings.defaults());
  }

  private static GuestLayout layout(GuestLayout.Memslot... slots) {
    return new GuestLayout(List.of(slots));
  }

  @Test
  void costsAreTheOnesThisTestAddsUp() {
    assertThat(COSTS.prefault4kNs()).isEqualTo(PREFAULT_NS);
    assertThat(COSTS.pageAlloc4kNs()).isEqualTo(1_000);
    assertThat(COSTS.pageAllocNs(2)).isEqualTo(75_000);
  }

  @Test
  void aFourMibSlotBackedBy2MibPagesIsMappedWithTwoHugeLeaves() {
    GuestLayout layout = layout(new GuestLayout.Memslot(0, 1024, 2));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable t = table();

    Population.Populated p = Population.mapAll(t, layout, frames, COSTS, PREFAULT_NS);

    assertThat(p.pages4k()).isEqualTo(1024);
    assertThat(p.leafs()).isEqualTo(2);
    // two 2 MiB host pages allocated (2 x 75,000) + 1,024 pages pre-faulted (1,024 x 300)
    assertThat(p.costNs()).isEqualTo(2 * 75_000 + 1024 * 300);
    assertThat(Walk.toLevel(t.lookup(0))).isEqualTo(2);
    assertThat(Walk.toLevel(t.lookup(1023))).isEqualTo(2);
    assertThat(Walk.toPfn(t.lookup(777))).isEqualTo(frames.pfnOf(777));
  }

  @Test
  void anUnalignedRangeIsMappedWith4KibLeavesAndChargedPerSmallPage() {
    GuestLayout layout = layout(new GuestLayout.Memslot(0, 1024, 2));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable t = table();

    // [100, 700) holds no whole aligned 2 MiB page: 600 leaves of 4 KiB
    Population.Populated p = Population.mapRange(t, layout, frames, COSTS, PREFAULT_NS, 100, 700);

    assertThat(p.pages4k()).isEqualTo(600);
    assertThat(p.leafs()).isEqualTo(600);
    assertThat(p.costNs()).isEqualTo(600 * (1_000 + 300));
    assertThat(t.lookup(99)).isEqualTo(Walk.NOT_PRESENT);
    assertThat(Walk.toLevel(t.lookup(100))).isEqualTo(1);
    assertThat(Walk.toLevel(t.lookup(699))).isEqualTo(1);
    assertThat(t.lookup(700)).isEqualTo(Walk.NOT_PRESENT);
  }

  @Test
  void populatingAgainChargesOnlyThePerPageCostBecauseTheMemoryIsResident() {
    GuestLayout layout = layout(new GuestLayout.Memslot(0, 1024, 2));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable t = table();
    Population.mapRange(t, layout, frames, COSTS, PREFAULT_NS, 100, 700);

    Population.Populated again = Population.mapRange(t, layout, frames, COSTS, PREFAULT_NS, 100, 700);

    assertThat(again.pages4k()).isEqualTo(600);
    assertThat(again.costNs()).isEqualTo(600 * 300);
  }

  @Test
  void onlyMemslotPagesAreMappedTheHoleBetweenSlotsStaysEmpty() {
    // slot 0: 2 MiB of 4 KiB backing; a 2 MiB MMIO hole; slot 1: 2 MiB of 2 MiB backing
    GuestLayout layout = layout(new GuestLayout.Memslot(0, 512, 1), new GuestLayout.Memslot(1024, 1536, 2));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable t = table();

    Population.Populated p = Population.mapAll(t, layout, frames, COSTS, PREFAULT_NS);

    assertThat(p.pages4k()).isEqualTo(1024);
    assertThat(p.leafs()).isEqualTo(512 + 1);
    // slot 0: 512 x (1,000 + 300); slot 1: 75,000 + 512 x 300
    assertThat(p.costNs()).isEqualTo(512 * 1_300 + 75_000 + 512 * 300);
    assertThat(t.lookup(700)).isEqualTo(Walk.NOT_PRESENT);
    assertThat(Walk.toLevel(t.lookup(1100))).isEqualTo(2);
  }

  @Test
  void pinnedMemoryIsNeverAllocatedAgainSoOnlyPinAndMapIsCharged() {
    GuestLayout layout = layout(new GuestLayout.Memslot(0, 1024, 2));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    frames.pinAll();
    SharedPageTable t = table();

    Population.Populated p = Population.mapAll(t, layout, frames, COSTS, COSTS.pinMap4kNs());

    assertThat(COSTS.pinMap4kNs()).isEqualTo(500);
    assertThat(p.costNs()).isEqualTo(1024 * 500);
    assertThat(p.leafs()).isEqualTo(2);
  }

  @Test
  void aConflictingLeafStopsThePopulationNamingTheGfn() {
    GuestLayout layout = layout(new GuestLayout.Memslot(0, 1024, 2));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable t = table();
    // a 4 KiB leaf of another frame where the population wants a 2 MiB leaf
    t.map(0, 1, 999_999, Spte.ACC_READ);

    assertThatThrownBy(() -> Population.mapAll(t, layout, frames, COSTS, PREFAULT_NS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("population failed at gfn 0");
  }
}
