package tdpsim.actors.table;

import static org.assertj.core.api.Assertions.assertThat;
import static tdpsim.actors.table.Spte.ACC_EXEC;
import static tdpsim.actors.table.Spte.ACC_READ;
import static tdpsim.actors.table.Spte.ACC_WRITE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The VT-d walker reads the shared entries as the IOMMU does: presence from R|W, not from KVM's software bit 11;
 * and every write walk says whether it set the D bit (PML's trigger).
 */
@ExtendWith(TableInvariantsExtension.class)
class IommuWalkTest {
  private static final int RW = ACC_READ | ACC_WRITE;
  private static final int CPU = 3;
  private static final int IOMMU = 3;

  private final SharedPageTable t = TableInvariantsExtension.track(new SharedPageTable(TableSettings.defaults()));

  @Test
  void anExecuteOnlyEntryIsPresentToKvmButNotToVtd() {
    t.map(40, 1, 400, ACC_EXEC);
    assertThat(Spte.isShadowPresent(t.leafSpte(40))).isTrue();
    // KVM's walker: present, the read is not permitted (an EPT violation on a present entry).
    assertThat(t.translate(40, ACC_READ, CPU)).isEqualTo(Walk.PERMISSION);
    // VT-d: R=W=0 is a non-present entry whatever bit 11 says: a page request / DMA fault on a missing entry.
    assertThat(Spte.isIommuPresent(t.leafSpte(40))).isFalse();
    assertThat(t.translateIommu(40, ACC_READ, IOMMU)).isEqualTo(Walk.NOT_PRESENT);
  }

  @Test
  void presenceIsDecidedByReadOrWriteOnly() {
    assertThat(Spte.isIommuPresent(Spte.ACC_READ)).isTrue();
    assertThat(Spte.isIommuPresent(Spte.ACC_WRITE)).isTrue();
    assertThat(Spte.isIommuPresent(Spte.MMU_PRESENT | ACC_EXEC)).isFalse();
    assertThat(Spte.isIommuPresent(Spte.FROZEN_SPTE)).isFalse();
    assertThat(Spte.isIommuPresent(Spte.makeMmio(5))).isFalse();
  }

  @Test
  void aWriteProtectedLeafIsPresentButNotWritable() {
    t.map(41, 1, 410, ACC_READ);
    assertThat(Walk.toPfn(t.translateIommu(41, ACC_READ, IOMMU))).isEqualTo(410);
    assertThat(t.translateIommu(41, ACC_WRITE, IOMMU)).isEqualTo(Walk.PERMISSION);
  }

  @Test
  void theWalkerReportsHugeLeavesAboveItsLimitAndDecodesLevels() {
    t.map(1L << 18, 3, 1L << 19, RW);
    assertThat(t.translateIommu((1L << 18) + 5, ACC_READ, 2)).isEqualTo(Walk.LEAF_TOO_LARGE);
    long r = t.translateIommu((1L << 18) + 5, ACC_WRITE, IOMMU);
    assertThat(Walk.toPfn(r)).isEqualTo((1L << 19) + 5);
    assertThat(Walk.toLevel(r)).isEqualTo(3);
  }

  @Test
  void onlyTheWriteThatSetsDirtyIsReportedAsDirtying() {
    t.map(50, 1, 500, RW);
    long read = t.translate(50, ACC_READ, CPU);
    assertThat(Walk.isDirtied(read)).isFalse();
    long first = t.translate(50, ACC_WRITE, CPU);
    assertThat(Walk.isDirtied(first)).isTrue();
    assertThat(Walk.toLevel(first)).isEqualTo(1);
    assertThat(Walk.toPfn(first)).isEqualTo(500);
    assertThat(Walk.isDirtied(t.translate(50, ACC_WRITE, CPU))).isFalse();
  }

  @Test
  void aDeviceThatSetDirtyFirstLeavesTheCpuWriteUndirtying() {
    t.map(60, 1, 600, RW);
    assertThat(Walk.isDirtied(t.translateIommu(60, ACC_WRITE, IOMMU))).isTrue();
    assertThat(Walk.isDirtied(t.translate(60, ACC_WRITE, CPU))).isFalse();
  }
}
