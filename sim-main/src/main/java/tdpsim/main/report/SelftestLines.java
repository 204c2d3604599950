package tdpsim.main.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lines KVM's selftests print for the shapes our demand-paging and dirty-log scenarios model, computed from
 * the report in virtual time, so that a reader can hold them next to the real tools' output:
 * <ul>
 *   <li>{@code demand_paging_test}: total guest execution time and the overall demand-paging rate in pages/s
 *       (pages faulted in by the vCPUs over the virtual time run);
 *   <li>{@code dirty_log_perf_test}: per iteration (pre-copy round) the dirty memory time (the time the vCPUs ran
 *       dirtying memory in that round) and the get-dirty-log time (the harvest), then their averages.
 * </ul>
 * Empty for other scenarios. Seconds are printed with nine decimals, as the selftests do.
 */
public final class SelftestLines {
  private SelftestLines() {}

  /** The selftest-shaped lines of {@code report}, or an empty list when its scenario has no such shape. */
  public static List<String> of(RunReport report) {
    List<String> out = new ArrayList<>();
    boolean demandPaging = report.scenario().contains("demand-paging");
    boolean dirtyLog = report.scenario().contains("dirty-log");
    if (!demandPaging && !dirtyLog) {
      return out;
    }
    for (ModeReport m : report.modes().values()) {
      if (m.isRefused()) {
        continue;
      }
      if (demandPaging && m.extra().get("virtualNs") instanceof Number ns && ns.longValue() > 0) {
        long faults = m.counter("vcpuFaults");
        out.add("[" + m.mode() + "] demand_paging_test shape (virtual time):");
        out.add("  Total guest execution time: " + seconds(ns.longValue()));
        out.add(String.format(Locale.ROOT, "  Overall demand paging rate: %f pgs/sec",
            faults / (ns.longValue() / 1e9)));
      }
      MigrationFigures f = dirtyLog ? MigrationFigures.of(m) : null;
      if (f != null) {
        for (MigrationFigures.Vm vm : f.vms()) {
          out.add("[" + m.mode() + "] dirty_log_perf_test shape (virtual time), vm " + vm.vm() + ":");
          long dirtyTotal = 0;
          long harvestTotal = 0;
          for (MigrationFigures.Round r : vm.perRound()) {
            out.add("  Iteration " + r.round() + " dirty memory time: " + seconds(r.durationNs()));
            out.add("  Iteration " + r.round() + " get dirty log time: " + seconds(r.harvestNs()));
            dirtyTotal += r.durationNs();
            harvestTotal += r.harvestNs();
          }
          int n = vm.perRound().size();
          if (n > 0) {
            out.add("  Dirty memory time: " + seconds(dirtyTotal) + " over " + n + " iterations (avg "
                + seconds(dirtyTotal / n) + "/iteration)");
            out.add("  Get dirty log over " + n + " iterations took " + seconds(harvestTotal) + ". (Avg "
                + seconds(harvestTotal / n) + "/iteration)");
          }
        }
      }
    }
    return out;
  }

  /** Nanoseconds as the selftests print a timespec: {@code 0.021565009s}. */
  static String seconds(long ns) {
    return String.format(Locale.ROOT, "%d.%09ds", ns / 1_000_000_000L, ns % 1_000_000_000L);
  }
}
