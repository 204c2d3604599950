package tdpsim.actors.table;

/**
 * Outcome of {@link SharedPageTable#map} and {@link SharedPageTable#mapMmio}: the fault path's answer to the TDP
 * MMU (or I/O page fault). An enum constant is a shared singleton, so returning one allocates nothing.
 */
public enum MapResult {
  /** A new leaf was installed. */
  INSTALLED,
  /** The same pfn was present; its permissions were widened (e.g. a write fault on a write-protected leaf). */
  UPGRADED,
  /** A leaf mapping the same pfn already grants the requested permissions (a spurious fault). */
  ALREADY_PRESENT,
  /** A different pfn is mapped, or a table page sits where a huge leaf was requested; zap or map smaller. */
  CONFLICT,
  /** A frozen entry was seen; retry the fault. */
  RETRY;

  /** True if after the call the requested mapping is in place. */
  public boolean isMapped() {
    return this == INSTALLED || this == UPGRADED || this == ALREADY_PRESENT;
  }
}
