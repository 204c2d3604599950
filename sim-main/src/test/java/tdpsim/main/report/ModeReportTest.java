package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Normalisation in the model that keeps every reporter deterministic. */
class ModeReportTest {

  @Test
  void knownCountersComeFirstInReportOrderThenOthersByName() {
    Map<String, Long> counters = new HashMap<>();
    counters.put("zz", 1L);
    counters.put("drains", 2L);
    counters.put("aa", 3L);
    counters.put("vcpuFaults", 4L);
    ModeReport m = mode(counters, Map.of());
    assertThat(m.counters().keySet()).containsExactly("vcpuFaults", "drains", "aa", "zz");
  }

  @Test
  void extraMayNotShadowAFixedField() {
    assertThatThrownBy(() -> mode(Map.of(), Map.of("counters", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counters");
  }

  @Test
  void tableLevelsOutsideOneToFiveAreRejected() {
    assertThatThrownBy(() -> new TableReport(1, 4096, Map.of(6, 1L))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runReportKeysMustNameTheirMode() {
    assertThatThrownBy(
            () ->
                new RunReport(
                    "s", "o", 1, true, true, null, Map.of("separate", mode(Map.of(), Map.of())),
                    new SimulatorReport(0, 0, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ModeReport mode(Map<String, Long> counters, Map<String, Object> extra) {
    return new ModeReport(
        "shared-iopf", null, SampleReports.table(10), null, 0, counters, Map.of(), Map.of(), List.of(), extra);
  }
}
