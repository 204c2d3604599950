package tdpsim.actors.dirty;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link MigrationState}: the oracle sees every write, the dirty log only CPU writes that set a D bit under PML. */
class MigrationStateTest {
  private final MigrationState state = new MigrationState(64);

  @Test
  void withoutPmlNoCpuWriteIsLogged() {
    state.oracle().start();
    state.cpuWrite(5, true);

    assertThat(state.dirtyLog().count()).isZero();
    assertThat(state.oracle().unsentPages()).isEqualTo(1);
  }

  @Test
  void pmlLogsOnlyTheWriteThatSetTheDirtyBit() {
    state.oracle().start();
    state.enablePml();
    state.cpuWrite(5, true);
    state.cpuWrite(6, false);
    state.deviceWrite(7);

    assertThat(state.isPml()).isTrue();
    assertThat(state.dirtyLog().get(5)).isTrue();
    assertThat(state.dirtyLog().get(6)).as("D bit already set: PML logs nothing").isFalse();
    assertThat(state.dirtyLog().get(7)).as("DMA: the IOMMU logs nothing").isFalse();
    assertThat(state.oracle().unsentPages()).as("the oracle saw all three").isEqualTo(3);
  }
}
