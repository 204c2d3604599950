package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  private static Provenance of(String hocon, List<Long> seeds) {
    return Provenance.of("0.1.0", "abc1234", "17.0.1", hocon, "vm-exit=\"1us\"\n", seeds, seeds.size());
  }

  @Test
  void sameInputsSameHashAndAnyChangedInputChangesIt() {
    Provenance p = of("scenario { seed=1 }", List.of(1L, 2L));
    assertThat(p.hash()).isEqualTo(of("scenario { seed=1 }", List.of(1L, 2L)).hash()).hasSize(64);
    assertThat(of("scenario { seed=2 }", List.of(1L, 2L)).hash()).isNotEqualTo(p.hash());
    assertThat(of("scenario { seed=1 }", List.of(1L)).hash()).isNotEqualTo(p.hash());
    assertThat(Provenance.of("0.1.0", "abc1234", "17.0.2", "scenario { seed=1 }", "vm-exit=\"1us\"\n",
        List.of(1L, 2L), 2).hash()).isNotEqualTo(p.hash());
  }

  @Test
  void partsAreSeparatedSoShiftingTextBetweenFieldsChangesTheHash() {
    assertThat(Provenance.hash("ab", "c")).isNotEqualTo(Provenance.hash("a", "bc"));
  }
}
