package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static String lineOf(List<String> lines, String metric) {
    return lines.stream().filter(l -> l.startsWith("  " + metric + " ")).findFirst().orElseThrow();
  }

  @Test
  void namesTheBestDesignAndItsRatioAgainstSeparate() {
    List<String> lines = Verdict.lines(SampleReports.fiveModes());
    assertThat(lines.get(0)).startsWith("Verdict");
    // separate: 200 table pages of 4 KiB = 800 KiB; the shared designs 100 pages = 400 KiB: 0.5x.
    assertThat(lineOf(lines, "table bytes")).contains("400.00 KiB", "0.500x", "shared-prepopulated, shared-iopf");
    // pinned: separate and shared-prepopulated 64 MiB, shared-iopf and separate-iopf 0.
    assertThat(lineOf(lines, "pinned bytes")).contains("0 B", "0.000x", "shared-iopf, separate-iopf (tie)");
    // faults: 1000 vCPU faults each; separate-iopf adds 150 page requests and 7 DMA faults, shared-iopf 120.
    assertThat(lineOf(lines, "faults")).contains("1,000", "1x", "separate, shared-prepopulated (tie)");
    // Only separate migrated here: 1.50 ms downtime, no other design to beat it.
    assertThat(lineOf(lines, "migration downtime")).contains("1.50 ms", "separate");
  }

  @Test
  void saysWhenDesignsDidUnequalWorkUnderTime() {
    Map<String, ModeReport> modes = new LinkedHashMap<>();
    modes.put("separate", withWork("separate", 1000, Map.of()));
    modes.put("shared-iopf", withWork("shared-iopf", 1111, Map.of()));
    List<String> lines = Verdict.lines(run(modes));
    // 1111 / 1000 = 1.111 > 1.1: one line.
    assertThat(lines).filteredOn(l -> l.contains("unequal work")).hasSize(1);
    assertThat(String.join("\n", lines)).contains("separate did 1,000", "shared-iopf did 1,111");

    modes.put("shared-iopf", withWork("shared-iopf", 1100, Map.of()));
    assertThat(Verdict.lines(run(modes))).noneMatch(l -> l.contains("unequal work"));
  }

  @Test
  void warnsAboutADesignThatReachedTheCapBeforeItsWork() {
    Map<String, ModeReport> modes = new LinkedHashMap<>();
    modes.put("separate", withWork("separate", 1000, Map.of("workComplete", true)));
    modes.put("shared-iopf", withWork("shared-iopf", 400, Map.of("workComplete", false)));
    List<String> lines = Verdict.lines(run(modes));
    assertThat(lines).filteredOn(l -> l.contains("WARNING")).singleElement().asString()
        .contains("shared-iopf", "workComplete: false");
    assertThat(lines).noneMatch(l -> l.contains("unequal work"));
  }

  @Test
  void tableFoldsCountersThatAreZeroInEveryDesign() {
    ComparisonTable table = ComparisonTable.of(SampleReports.fiveModes());
    // dmaFaults is 7 in separate-iopf: kept; zapsAvoided 12 in the shared designs: kept. memslotUpdates is only in
    // separate (2): kept. No counter is zero everywhere except... devtlbInvalidations is 40 in the shared designs.
    assertThat(table.rows()).anyMatch(r -> r.label().equals("dmaFaults"));
    Map<String, ModeReport> modes = new LinkedHashMap<>();
    modes.put("separate", withWork("separate", 10, Map.of()));
    modes.put("shared-iopf", withWork("shared-iopf", 10, Map.of()));
    ComparisonTable zeros = ComparisonTable.of(run(modes));
    assertThat(zeros.rows()).noneMatch(r -> r.label().equals("zaps"));
    assertThat(zeros.rows()).anyMatch(r -> r.label().equals("vcpuAccesses"));
    assertThat(zeros.notes()).anyMatch(n -> n.startsWith("folded, zero in every design: ") && n.contains("zaps"));
  }

  @Test
  void normalisedFiguresFromCountsAHumanCanCheck() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("vcpuAccesses", 3000L);
    counters.put("dmaTranslations", 1000L);
    counters.put("vcpuFaults", 30L);
    counters.put("devicePageRequests", 10L);
    counters.put("iotlbInvalidations", 100L);
    counters.put("devtlbInvalidations", 28L);
    counters.put("hostPagesAllocated", 262_144L);
    ModeReport m = new ModeReport("shared-iopf", null, SampleReports.table(256), null, 0, counters, Map.of(),
        Map.of(), List.of(), Map.of());
    Map<String, Double> n = Normalised.of(m, 600_000);
    // 40 faults in 4000 accesses = 10 per 1000; 600 us of vCPU time over 3000 accesses = 200 ns each;
    // 1000 DMA pages = 1000 * 4 KiB = 3.90625 MiB, 128 invalidations / (1000 / 262144 GiB) = 33554.432;
    // 262144 pages = 1 GiB touched, table 256 pages = 1 MiB.
    assertThat(n.get(Normalised.FAULTS_PER_1K_ACCESSES)).isEqualTo(10.0);
    assertThat(n.get(Normalised.VIRTUAL_NS_PER_ACCESS)).isEqualTo(200.0);
    assertThat(n.get(Normalised.INVALIDATIONS_PER_GIB_DMA)).isEqualTo(128 * 262.144);
    assertThat(n.get(Normalised.TABLE_BYTES_PER_GIB_TOUCHED)).isEqualTo(1024.0 * 1024);
  }

  private static ModeReport withWork(String mode, long accesses, Map<String, Object> extra) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("vcpuFaults", 10L);
    counters.put("zaps", 0L);
    counters.put("vcpuAccesses", accesses);
    return new ModeReport(mode, null, SampleReports.table(10), null, 0, counters, Map.of(), Map.of(), List.of(),
        extra);
  }

  private static RunReport run(Map<String, ModeReport> modes) {
    return new RunReport("t", "test", 1, true, true, null, modes, new SimulatorReport(0, 0, 0, 0, 0));
  }
}
