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

  @Test
  void withoutTheKvmChangeAPrepopulatedSharedTableIsZappedByHostEventsAndNxRecovery() {
    for (ZapCause c : new ZapCause[] {ZapCause.RECLAIM, ZapCause.MIGRATION, ZapCause.COMPACTION, ZapCause.KSM,
        ZapCause.THP_SPLIT, ZapCause.THP_COLLAPSE, ZapCause.NX_RECOVERY, ZapCause.MEMSLOT}) {
      assertThat(ZapPlanner.plan(Mode.SHARED_PREPOPULATED, c, false)).as(c.configName())
          .isEqualTo(ZapPlanner.Plan.ZAP);
    }
    assertThat(ZapPlanner.plan(Mode.SHARED_PREPOPULATED, ZapCause.RECLAIM, true)).isEqualTo(ZapPlanner.Plan.AVOID);
    assertThat(ZapPlanner.plan(Mode.SHARED_PREPOPULATED, ZapCause.KSM, true)).isEqualTo(ZapPlanner.Plan.AVOID);
  }

  @Test
  void notifierZapsAreLeafOnlyAndCollapseMemslotAndNxRecoveryFreeTables() {
    assertThat(ZapPlanner.isLeafOnly(ZapCause.RECLAIM)).isTrue();
    assertThat(ZapPlanner.isLeafOnly(ZapCause.THP_SPLIT)).isTrue();
    assertThat(ZapPlanner.isLeafOnly(ZapCause.THP_COLLAPSE)).isFalse();
    assertThat(ZapPlanner.isLeafOnly(ZapCause.MEMSLOT)).isFalse();
    assertThat(ZapPlanner.isLeafOnly(ZapCause.NX_RECOVERY)).isFalse();
  }
}
