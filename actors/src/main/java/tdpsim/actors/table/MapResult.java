package tdpsim.actors.table;

/** Outcome codes of {@link SharedPageTable#map}: the fault path's answer to the TDP MMU (or I/O page fault). */
public final class MapResult {
  /** A new leaf was installed. */
  public static final int INSTALLED = 0;
  /** The same pfn was present; its permissions were widened (e.g. a write fault on a write-protected leaf). */
  public static final int UPGRADED = 1;
  /** A leaf mapping the same pfn already grants the requested permissions (a spurious fault). */
  public static final int ALREADY_PRESENT = 2;
  /** A different pfn is mapped, or a table page sits where a huge leaf was requested; zap or map smaller. */
  public static final int CONFLICT = 3;
  /** A frozen entry was seen; retry the fault. */
  public static final int RETRY = 4;

  private MapResult() {}

  /** True if after the call the requested mapping is in place. */
  public static boolean isMapped(int result) {
    return result == INSTALLED || result == UPGRADED || result == ALREADY_PRESENT;
  }

  public static String describe(int result) {
    switch (result) {
      case INSTALLED:
        return "INSTALLED";
      case UPGRADED:
        return "UPGRADED";
      case ALREADY_PRESENT:
        return "ALREADY_PRESENT";
      case CONFLICT:
        return "CONFLICT";
      case RETRY:
        return "RETRY";
      default:
        return "UNKNOWN(" + result + ")";
    }
  }
}
