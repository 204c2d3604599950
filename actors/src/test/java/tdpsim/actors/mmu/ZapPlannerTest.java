package tdpsim.actors.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tdpsim.protocol.Mode;
import tdpsim.protocol.ZapCause;

class ZapPlannerTest {
  @Test
  void prepopulatedSharedTableSplitsInPlaceAndAvoidsZapsDevicesCannotSurvive() {
    assertThat(ZapPlanner.plan(Mode.SHARED_PREPOPULATED, ZapCause.THP_SPLIT))
        .isEqualTo(ZapPlanner.Plan.SPLIT_IN_PLACE);
    assertThat(ZapPlanner.plan(Mode.SHARED_PREPOPULATED, ZapCause.NX_RECOVERY)).isEqualTo(ZapPlanner.Plan.AVOID);
    assertThat(ZapPlanner.plan(Mode.SHARED_PREPOPULATED, ZapCause.DIRTY_LOG)).isEqualTo(ZapPlanner.Plan.AVOID);
    assertThat(ZapPlanner.plan(Mode.SHARED_PREPOPULATED, ZapCause.MEMSLOT)).isEqualTo(ZapPlanner.Plan.ZAP);
  }

  @Test
  void otherDesignsZapAsKvmDoesToday() {
    for (Mode m : new Mode[] {Mode.SEPARATE, Mode.SHARED_IOPF, Mode.SEPARATE_IOPF, Mode.VIOMMU_SHADOW}) {
      for (ZapCause c : ZapCause.values()) {
        assertThat(ZapPlanner.plan(m, c)).isEqualTo(ZapPlanner.Plan.ZAP);
      }
    }
  }
}
