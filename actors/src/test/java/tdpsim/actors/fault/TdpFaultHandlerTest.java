package tdpsim.actors.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.dirty.DirtyBitmap;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.TableSettings;

/** The fault path under dirty logging, against what KVM's make_spte does on a logged slot. */
class TdpFaultHandlerTest {
  private final GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 1 << 12, 1)));
  private final SharedPageTable table = new SharedPageTable(new TableSettings(4, 2, 64, 9));
  private final TdpFaultHandler faults = new TdpFaultHandler(table, layout, new HostFrames(0, layout.endGfn()),
      new InvalidationTracker(), CostModel.defaults());

  /**
   * A read fault on a logged slot installs a writable leaf (the host page is writable: hva_to_pfn_fast pins it so)
   * and logs its page, as make_spte's mark_page_dirty_in_slot does for every writable SPTE; a write fault the
   * same. Before, a read fault mapped the page read-only and logged nothing.
   */
  @Test
  void aReadFaultOnALoggedSlotMapsWritableAndLogsThePage() {
    DirtyBitmap log = new DirtyBitmap(layout.endGfn());
    faults.setSmallPagesOnly(true);
    faults.setDirtyLog(log);
    FaultResult out = new FaultResult();
    faults.handle(7, Spte.ACC_READ, out);
    assertThat(out.outcome).isEqualTo(FaultResult.Outcome.RESOLVED);
    assertThat(Spte.isWritable(table.leafSpte(7))).as("read fault, writable leaf").isTrue();
    assertThat(log.get(7)).as("read fault, logged").isTrue();
    faults.handle(9, Spte.ACC_WRITE, out);
    assertThat(log.get(9)).as("write fault, logged").isTrue();
    assertThat(log.get(8)).as("untouched").isFalse();
  }

  @Test
  void withoutALogNothingIsLogged() {
    FaultResult out = new FaultResult();
    faults.handle(7, Spte.ACC_READ, out);
    assertThat(Spte.isWritable(table.leafSpte(7))).isTrue();
    DirtyBitmap log = new DirtyBitmap(layout.endGfn());
    faults.setDirtyLog(log);
    faults.setDirtyLog(null);
    faults.handle(8, Spte.ACC_WRITE, out);
    assertThat(log.get(8)).isFalse();
  }
}
