package tdpsim.main.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live-migration figures of one design, read from {@code extra.migration} (see docs/report-format.md) into
 * types, so that every reporter shows the same rows without walking maps of objects.
 *
 * @param totals the figures summed over the migrating VMs
 * @param vms one entry per migrating VM, in VM order
 */
public record MigrationFigures(Vm totals, List<Vm> vms) {

  /** The totals and per-VM figures; {@code vm} is -1 for the totals, {@code perRound} empty there. */
  public record Vm(int vm, long rounds, long pagesSent, long totalNs, long downtimeNs, long lostWrites,
      boolean finished, List<Round> perRound) {}

  /**
   * One pre-copy round. Round 1 is the bulk copy of all memory and has no harvest before it, so its
   * {@code dirtyReported} and {@code dirtiedBy*} are 0.
   */
  public record Round(int round, long pagesSent, long dirtyReported, long dirtiedByCpu, long dirtiedByDevice,
      long dirtiedByBoth, long harvestNs, long durationNs) {}

  /** The names and units of the scalar migration metrics, in report order. */
  public static final List<String[]> METRICS = List.of(
      new String[] {"rounds", "rounds"},
      new String[] {"pagesSent", "pages"},
      new String[] {"totalNs", "ns"},
      new String[] {"downtimeNs", "ns"},
      new String[] {"lostWrites", "writes"},
      new String[] {"finished", "bool"});

  /** The migration figures of {@code mode}, or null when it migrated nothing (or refused). */
  public static MigrationFigures of(ModeReport mode) {
    if (mode == null || !(mode.extra().get("migration") instanceof Map<?, ?> mig)) {
      return null;
    }
    List<Vm> vms = new ArrayList<>();
    if (mig.get("vms") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> vm) {
          vms.add(vm(vm, (int) num(vm.get("vm"))));
        }
      }
    }
    return new MigrationFigures(vm(mig, -1), List.copyOf(vms));
  }

  /** A scalar metric of {@code vm} by its name in {@link #METRICS}, as a number (finished is 1 or 0). */
  public static long metric(Vm vm, String name) {
    return switch (name) {
      case "rounds" -> vm.rounds();
      case "pagesSent" -> vm.pagesSent();
      case "totalNs" -> vm.totalNs();
      case "downtimeNs" -> vm.downtimeNs();
      case "lostWrites" -> vm.lostWrites();
      case "finished" -> vm.finished() ? 1 : 0;
      default -> throw new IllegalArgumentException("unknown migration metric " + name);
    };
  }

  private static Vm vm(Map<?, ?> m, int index) {
    List<Round> rounds = new ArrayList<>();
    if (m.get("perRound") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> r) {
          rounds.add(new Round((int) num(r.get("round")), num(r.get("pagesSent")), num(r.get("dirtyReported")),
              num(r.get("dirtiedByCpu")), num(r.get("dirtiedByDevice")), num(r.get("dirtiedByBoth")),
              num(r.get("harvestNs")), num(r.get("durationNs"))));
        }
      }
    }
    return new Vm(index, num(m.get("rounds")), num(m.get("pagesSent")), num(m.get("totalNs")),
        num(m.get("downtimeNs")), num(m.get("lostWrites")), Boolean.TRUE.equals(m.get("finished")),
        List.copyOf(rounds));
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
