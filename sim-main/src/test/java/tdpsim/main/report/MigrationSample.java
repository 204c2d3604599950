package tdpsim.main.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A design that migrated one VM in three rounds; numbers small enough to check by hand. */
final class MigrationSample {
  private MigrationSample() {}

  static ModeReport mode(String name) {
    return mode(name, round(3, 40, 40, 25, 10, 5, 9_000));
  }

  /** The same with {@code finalPages} dirty pages reported in the last round (stop-and-copy), all by the CPU. */
  static ModeReport mode(String name, long finalPages) {
    return mode(name, round(3, finalPages, finalPages, finalPages, 0, 0, 9_000));
  }

  private static ModeReport mode(String name, Map<String, Object> lastRound) {
    List<Object> rounds = List.of(
        round(1, 1000, 0, 0, 0, 0, 50_000),
        round(2, 120, 120, 80, 30, 10, 20_000),
        lastRound);
    Map<String, Object> vm = new LinkedHashMap<>();
    vm.put("vm", 0);
    vm.put("rounds", 3);
    vm.put("pagesSent", 1160L);
    vm.put("totalNs", 79_000L);
    vm.put("downtimeNs", 9_000L);
    vm.put("lostWrites", 0L);
    vm.put("finished", true);
    vm.put("perRound", rounds);
    Map<String, Object> migration = new LinkedHashMap<>(vm);
    migration.remove("vm");
    migration.remove("perRound");
    migration.put("vms", List.of(vm));
    return new ModeReport(name, null, SampleReports.table(10), null, 0, Map.of("vcpuFaults", 5L), Map.of(),
        Map.of(), List.of(), Map.of("migration", migration));
  }

  private static Map<String, Object> round(int round, long sent, long reported, long cpu, long device, long both,
      long durationNs) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("round", round);
    r.put("pagesSent", sent);
    if (round > 1) {
      r.put("dirtyReported", reported);
      r.put("dirtiedByCpu", cpu);
      r.put("dirtiedByDevice", device);
      r.put("dirtiedByBoth", both);
    }
    r.put("harvestNs", 1_000L);
    r.put("durationNs", durationNs);
    return r;
  }
}
