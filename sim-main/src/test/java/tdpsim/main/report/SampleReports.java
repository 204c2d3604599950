package tdpsim.main.report;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-built reports with figures chosen so the ratios and totals are easy to check by eye. */
public final class SampleReports {
  static final long KIB = 1024;
  static final long MIB = 1024 * KIB;

  private SampleReports() {}

  /** All five designs; viommu-shadow refused; the shared designs use half the table bytes of separate. */
  public static RunReport fiveModes() {
    return fiveModes(true, null);
  }

  static RunReport fiveModes(boolean complete, String incompleteReason) {
    Map<String, ModeReport> modes = new LinkedHashMap<>();
    modes.put("separate", separate());
    modes.put("shared-prepopulated", shared("shared-prepopulated", 0));
    modes.put("shared-iopf", shared("shared-iopf", 120));
    modes.put("separate-iopf", separateIopf());
    modes.put(
        "viommu-shadow",
        ModeReport.refused("viommu-shadow", "a shadowed guest IOMMU table cannot be \"shared\", by design"));
    return new RunReport(
        "demand-paging",
        "preset:demand-paging.conf",
        42,
        true,
        complete,
        incompleteReason,
        modes,
        new SimulatorReport(1_234_567, 2.5, 493_826.8, 256 * MIB, 98_765));
  }

  static TableReport table(long pages) {
    Map<Integer, Long> byLevel = new HashMap<>();
    byLevel.put(4, 1L);
    byLevel.put(3, 1L);
    byLevel.put(2, 2L);
    byLevel.put(1, pages - 4);
    return new TableReport(pages, pages * 4 * KIB, byLevel);
  }

  private static ModeReport separate() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("drains", 3L);
    counters.put("vcpuFaults", 1000L);
    counters.put("devicePageRequests", 0L);
    counters.put("dmaFaults", 0L);
    counters.put("zaps", 40L);
    counters.put("zapsAvoided", 0L);
    counters.put("tlbFlushes", 40L);
    counters.put("iotlbInvalidations", 40L);
    counters.put("devtlbInvalidations", 0L);
    counters.put("memslotUpdates", 2L);
    Map<String, Object> extra = new LinkedHashMap<>();
    Map<String, Object> migration = new LinkedHashMap<>();
    migration.put("rounds", 3);
    migration.put("pagesSent", 5000L);
    migration.put("downtimeNs", 1_500_000L);
    migration.put("lostWrites", 0);
    extra.put("migration", migration);
    return new ModeReport(
        "separate",
        null,
        table(100),
        table(100),
        64 * MIB,
        counters,
        Map.of("mmu-notifier", 30L, "dirty-log", 10L),
        latencies(2_000, 25_000),
        List.of(),
        extra);
  }

  private static ModeReport shared(String mode, long devicePageRequests) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("vcpuFaults", 1000L);
    counters.put("devicePageRequests", devicePageRequests);
    counters.put("dmaFaults", 0L);
    counters.put("zaps", 40L);
    counters.put("zapsAvoided", 12L);
    counters.put("tlbFlushes", 40L);
    counters.put("iotlbInvalidations", 40L);
    counters.put("devtlbInvalidations", 40L);
    counters.put("drains", 40L);
    return new ModeReport(
        mode,
        null,
        table(100),
        null,
        devicePageRequests == 0 ? 64 * MIB : 0,
        counters,
        Map.of("mmu-notifier", 30L, "dirty-log", 10L),
        latencies(2_100, 31_000),
        List.of(),
        Map.of());
  }

  private static ModeReport separateIopf() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("vcpuFaults", 1000L);
    counters.put("devicePageRequests", 150L);
    counters.put("dmaFaults", 7L);
    counters.put("zaps", 40L);
    return new ModeReport(
        "separate-iopf",
        null,
        table(100),
        table(60),
        0,
        counters,
        Map.of("mmu-notifier", 40L),
        latencies(2_000, 40_000),
        List.of("gfn 0x1234 mapped in IOMMU after zap, before drain"),
        Map.of());
  }

  private static Map<String, LatencySummary> latencies(long faultP50, long faultP99) {
    Map<String, LatencySummary> latency = new LinkedHashMap<>();
    latency.put("dma", new LatencySummary(500, 300, 900, 1_200, 350.25));
    latency.put("vcpuFault", new LatencySummary(1000, faultP50, faultP99, faultP99 * 2, faultP50 * 1.1));
    latency.put("drain", new LatencySummary(3, 5_000, 9_000, 9_000, 6_333.333333));
    return latency;
  }
}
