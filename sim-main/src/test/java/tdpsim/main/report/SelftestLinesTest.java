package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The KVM-selftest-shaped lines, with numbers checked by hand. */
class SelftestLinesTest {
  private static RunReport run(String scenario, ModeReport m) {
    return new RunReport(scenario, "test", 1, true, true, null, Map.of(m.mode(), m),
        new SimulatorReport(0, 0, 0, 0, 0));
  }

  @Test
  void demandPagingRateIsFaultsOverVirtualSeconds() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("virtualNs", 5_000_000L);
    ModeReport m = new ModeReport("shared-iopf", null, SampleReports.table(1), null, 0, Map.of("vcpuFaults", 4_000L),
        Map.of(), Map.of(), List.of(), extra);
    // 4,000 pages in 5 ms = 800,000 pages/s.
    assertThat(SelftestLines.of(run("demand-paging", m))).containsExactly(
        "[shared-iopf] demand_paging_test shape (virtual time):",
        "  Total guest execution time: 0.005000000s",
        "  Overall demand paging rate: 800000.000000 pgs/sec");
  }

  @Test
  void dirtyLogPrintsDirtyMemoryTimePerIteration() {
    List<String> lines = SelftestLines.of(run("dirty-log", MigrationSample.mode("shared-iopf")));
    assertThat(lines).contains("  Iteration 1 dirty memory time: 0.000050000s",
        "  Iteration 2 dirty memory time: 0.000020000s",
        "  Iteration 3 get dirty log time: 0.000001000s",
        // 50 + 20 + 9 us over three iterations.
        "  Dirty memory time: 0.000079000s over 3 iterations (avg 0.000026333s/iteration)");
    assertThat(new TableReporter().render(run("dirty-log", MigrationSample.mode("shared-iopf"))))
        .contains("Iteration 2 dirty memory time");
  }

  @Test
  void otherScenariosPrintNothing() {
    assertThat(SelftestLines.of(run("migration-nic-receive", MigrationSample.mode("shared-iopf")))).isEmpty();
  }
}
