package tdpsim.actors.trace;

import tdpsim.actors.fault.FaultResult;

/** Emission helpers for events that several actors report the same way; called only when tracing is on. */
public final class Tracing {
  private Tracing() {}

  /** A fault handled by the TDP (or IOMMU driver's) fault path: a {@code fault} and, when set, an SPTE change. */
  public static void fault(Tracer t, long timeNs, int vm, String entity, int id, long gfn, FaultResult f) {
    t.event(TraceKind.FAULT, timeNs, vm, entity, id, gfn, f.level, f.installed ? 1 : 0, label(f.outcome));
    if (f.installed) {
      t.event(TraceKind.SPTE_CHANGE, timeNs, vm, entity, id, gfn, f.level, 0, null);
    }
  }

  private static String label(FaultResult.Outcome outcome) {
    switch (outcome) {
      case RESOLVED:
        return "resolved";
      case RETRY:
        return "retry";
      case NO_MEMSLOT:
        return "no-memslot";
      case CONFLICT:
        return "conflict";
      default:
        throw new IllegalArgumentException(outcome.name());
    }
  }

  /** A dirty harvest of a migration round: the pages set in {@code bitmap}; {@code fin} for stop-and-copy. */
  public static void harvest(Tracer t, long timeNs, int vm, int round, long[] bitmap, boolean fin) {
    long pages = 0;
    for (long word : bitmap) {
      pages += Long.bitCount(word);
    }
    t.event(TraceKind.DIRTY_HARVEST, timeNs, vm, "migration", vm, round, pages, 0, fin ? "final" : "pre-copy");
  }
}
