package tdpsim.actors.table;

/**
 * Outcome of {@link SharedPageTable#collapse}.
 *
 * @param status {@link #COLLAPSED} or the reason nothing changed
 * @param flushNeeded true on success: the old small translations and the unlinked table page may be cached
 * @param leafsReplaced present leaves (at any level below) that the huge leaf replaced
 * @param tablePagesUnlinked table pages now pending free in {@code deferredFree}
 * @param deferredFree handle to release after the flush; null unless collapsed
 */
public record CollapseResult(
    int status, boolean flushNeeded, long leafsReplaced, int tablePagesUnlinked, DeferredFree deferredFree) {
  /** The huge leaf is installed. */
  public static final int COLLAPSED = 0;
  /** No table page under the slot (not present, or already a leaf). */
  public static final int NO_TABLE = 1;
  /** {@code newPfn < 0} but the small leaves are not all present, contiguous and aligned. */
  public static final int NOT_CONTIGUOUS = 2;
  /** The level is above the table's {@code maxLeafLevel}. */
  public static final int LEVEL_NOT_ALLOWED = 3;

  static CollapseResult failed(int status) {
    return new CollapseResult(status, false, 0, 0, null);
  }

  public boolean collapsed() {
    return status == COLLAPSED;
  }
}
