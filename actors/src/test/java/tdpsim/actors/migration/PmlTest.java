package tdpsim.actors.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tdpsim.actors.dirty.MigrationState;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.Spte;
import tdpsim.actors.table.TableSettings;
import tdpsim.actors.table.Walk;

/**
 * PML logs a gfn only when the CPU sets its D bit (0 -> 1). In a shared table a device that set D first hides
 * the CPU's later write from PML; the write oracle, which records every write, reports it lost.
 */
class PmlTest {
  private static final int RW = Spte.ACC_READ | Spte.ACC_WRITE;

  private final SharedPageTable t = new SharedPageTable(TableSettings.defaults());
  private final MigrationState m = new MigrationState(1024);

  private void cpuWrite(long gfn) {
    long r = t.translate(gfn, Spte.ACC_WRITE, 3);
    m.cpuWrite(gfn, Walk.isDirtied(r));
  }

  private void deviceWrite(long gfn) {
    t.translateIommu(gfn, Spte.ACC_WRITE, 3);
    m.deviceWrite(gfn);
  }

  /** One PML harvest: drain the log, clear the logged D bits, copy the pages. */
  private long[] harvest() {
    long[] bits = m.dirtyLog().newWords();
    m.dirtyLog().drainInto(bits);
    for (int w = 0; w < bits.length; w++) {
      long b = bits[w];
      while (b != 0) {
        long gfn = ((long) w << 6) + Long.numberOfTrailingZeros(b);
        b &= b - 1;
        t.harvestDirty(gfn, gfn + 1, new long[1], true);
      }
    }
    m.oracle().markSent(bits);
    return bits;
  }

  @Test
  void theCpuLogsOnlyWhenItSetsTheDirtyBit() {
    t.map(10, 1, 100, RW);
    m.enablePml();
    m.oracle().start();
    cpuWrite(10);
    cpuWrite(10);
    assertThat(m.dirtyLog().count()).isEqualTo(1);
    harvest();
    assertThat(m.oracle().unsentPages()).isZero();
    cpuWrite(10);
    assertThat(m.dirtyLog().get(10)).as("D was cleared at the harvest: the next write logs again").isTrue();
  }

  @Test
  void aDeviceThatSetDirtyFirstHidesTheCpuWriteAndTheOracleCatchesIt() {
    t.map(20, 1, 200, RW);
    t.map(21, 1, 201, RW);
    m.enablePml();
    m.oracle().start();
    deviceWrite(20);
    cpuWrite(20);
    cpuWrite(21);
    assertThat(m.dirtyLog().get(20)).as("D was already set by the device: PML logs nothing").isFalse();
    assertThat(m.dirtyLog().get(21)).isTrue();
    harvest();
    assertThat(m.oracle().unsentPages()).isEqualTo(1);
    assertThat(m.oracle().firstUnsent(3)).containsExactly(20L);
  }
}
