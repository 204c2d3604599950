package tdpsim.actors.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.TableSettings;
import tdpsim.actors.table.Walk;
import tdpsim.actors.wiring.DirtyLogPolicy;

/** kvm_mmu_slot_apply_flags as DirtyLogging does it: enable never unmaps; disable recovers or zaps. */
class DirtyLoggingTest {
  private static final int RWX = Spte.ACC_ALL;
  private static final long HUGE = 512;

  private final SharedPageTable t = new SharedPageTable(TableSettings.defaults());
  private final DirtyLogging.Outcome out = new DirtyLogging.Outcome();

  /** One 2 MiB leaf at gfn 0 (dirty) and four dirty 4 KiB leaves at 512..515. */
  private void populate() {
    t.map(0, 2, 4096, RWX);
    t.translate(3, Spte.ACC_WRITE, 3);
    for (int i = 0; i < 4; i++) {
      t.map(HUGE + i, 1, 9000 + i, RWX);
      t.translate(HUGE + i, Spte.ACC_WRITE, 3);
    }
  }

  private void assertEverythingStillMapped() {
    for (long g = 0; g < HUGE + 4; g++) {
      assertThat(Walk.isFault(t.lookup(g))).as("gfn %d unmapped", g).isFalse();
    }
  }

  @Test
  void enableWithPmlAndEagerSplitSplitsInPlaceAndClearsDirtyWithoutUnmapping() {
    populate();
    DirtyLogging.enable(t, 0, 2 * HUGE, new DirtyLogPolicy(true, true, false, true), true, out);
    assertThat(out.splits).isEqualTo(1);
    assertEverythingStillMapped();
    assertThat(Walk.toLevel(t.lookup(3))).isEqualTo(1);
    for (long g : new long[] {0, 3, 511, HUGE, HUGE + 3}) {
      long spte = t.leafSpte(g);
      assertThat(Spte.isDirty(spte)).as("D of %d", g).isFalse();
      assertThat(Spte.isWritable(spte)).as("W of %d", g).isTrue();
    }
    assertThat(out.flushNeeded()).isTrue();
  }

  @Test
  void enableWithPmlWithoutEagerSplitWriteProtectsTheHugeLeafOnly() {
    populate();
    DirtyLogging.enable(t, 0, 2 * HUGE, new DirtyLogPolicy(true, false, false, true), true, out);
    assertThat(out.splits).isZero();
    assertThat(Walk.toLevel(t.lookup(3))).isEqualTo(2);
    assertThat(Spte.isWritable(t.leafSpte(3))).isFalse();
    assertThat(Spte.isWritable(t.leafSpte(HUGE))).isTrue();
    assertThat(Spte.isDirty(t.leafSpte(HUGE))).isFalse();
    assertEverythingStillMapped();
  }

  @Test
  void enableWithoutPmlWriteProtectsEverything() {
    populate();
    DirtyLogging.enable(t, 0, 2 * HUGE, new DirtyLogPolicy(false, true, false, true), true, out);
    assertEverythingStillMapped();
    for (long g : new long[] {0, 511, HUGE, HUGE + 3}) {
      assertThat(Spte.isWritable(t.leafSpte(g))).as("W of %d", g).isFalse();
    }
  }

  @Test
  void enableWithInitiallySetChangesNothing() {
    populate();
    long before3 = t.leafSpte(3);
    long beforeSmall = t.leafSpte(HUGE);
    DirtyLogging.enable(t, 0, 2 * HUGE, new DirtyLogPolicy(true, true, true, true), true, out);
    assertThat(t.leafSpte(3)).isEqualTo(before3);
    assertThat(t.leafSpte(HUGE)).isEqualTo(beforeSmall);
    assertThat(out.flushNeeded()).isFalse();
    assertThat(out.splits).isZero();
  }

  @Test
  void aTableWhoseDevicesCannotFaultIsNeverWriteProtected() {
    populate();
    DirtyLogging.enable(t, 0, 2 * HUGE, new DirtyLogPolicy(false, false, false, true), false, out);
    assertThat(out.writeProtectAvoided).isTrue();
    assertThat(Spte.isWritable(t.leafSpte(3))).isTrue();
    assertThat(Spte.isDirty(t.leafSpte(3))).isFalse();
  }

  private HostFrames frames() {
    HostFrames f = new HostFrames(0, 4 * HUGE);
    f.faultIn(0, 4 * HUGE);
    return f;
  }

  /** A 2 MiB block mapped by 512 small leaves with the host's own (contiguous) frames. */
  private void splitBlock(HostFrames f) {
    t.map(0, 2, f.pfnOf(0), RWX);
    DirtyLogging.enable(t, 0, HUGE, new DirtyLogPolicy(true, true, false, true), true, out);
    assertThat(Walk.toLevel(t.lookup(7))).isEqualTo(1);
  }

  @Test
  void disableRecoversTheHugeLeafInPlace() {
    HostFrames f = frames();
    splitBlock(f);
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 4 * HUGE, 2)));
    DirtyLogging.disable(t, layout, f, 0, HUGE, true, out);
    assertThat(out.recovered).isEqualTo(1);
    assertThat(out.leavesZapped).isZero();
    assertThat(Walk.toLevel(t.lookup(7))).isEqualTo(2);
    assertThat(Walk.toPfn(t.lookup(7))).isEqualTo(f.pfnOf(7));
    assertThat(out.flushNeeded()).isTrue();
    out.deferred.forEach(t::release);
  }

  @Test
  void disableWithZapCollapsibleZapsTheSmallLeaves() {
    HostFrames f = frames();
    splitBlock(f);
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 4 * HUGE, 2)));
    DirtyLogging.disable(t, layout, f, 0, HUGE, false, out);
    assertThat(out.recovered).isZero();
    assertThat(out.leavesZapped).isEqualTo(512);
    assertThat(t.lookup(7)).isEqualTo(Walk.NOT_PRESENT);
    out.deferred.forEach(t::release);
  }

  @Test
  void disableLeavesSmallPagesWhereTheBackingIsSmall() {
    HostFrames f = frames();
    splitBlock(f);
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 4 * HUGE, 1)));
    DirtyLogging.disable(t, layout, f, 0, HUGE, true, out);
    assertThat(out.recovered).isZero();
    assertThat(Walk.toLevel(t.lookup(7))).isEqualTo(1);
  }
}
