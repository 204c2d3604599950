package tdpsim.actors.table;

/**
 * What a {@link SharedPageTable#zap} removed, and what the caller owes before the table pages can be reused:
 * a flush of {@code [flushStartGfn, flushEndGfn)} on every walker (vCPU TLBs, IOTLB, device TLBs) if
 * {@code flushNeeded}, then {@link SharedPageTable#release(DeferredFree)}.
 *
 * @param leafsZapped present leaves cleared, indexed by level (index 0 unused)
 * @param pages4kUnmapped 4 KiB pages those leaves mapped; a partly covered huge leaf counts whole
 * @param flushNeeded a present leaf was cleared or a table page was unlinked (paging-structure caches may
 *     hold it), so stale translations may exist
 * @param flushStartGfn first gfn to flush, expanded to huge-leaf and unlinked-table boundaries (0 if none)
 * @param flushEndGfn end (exclusive) of the flush range (0 if none)
 * @param tablePagesUnlinked table pages unlinked, now pending free in {@code deferredFree}
 * @param hugeLeafsPartlyCovered huge leaves that stuck out of the range and were zapped whole, as KVM does
 * @param mmioZapped MMIO-caching entries cleared (they never need a flush: no walker caches them)
 * @param deferredFree handle to release once the flush has completed
 */
public record ZapResult(
    long[] leafsZapped,
    long pages4kUnmapped,
    boolean flushNeeded,
    long flushStartGfn,
    long flushEndGfn,
    int tablePagesUnlinked,
    int hugeLeafsPartlyCovered,
    long mmioZapped,
    DeferredFree deferredFree) {

  /** Present leaves cleared at {@code level}. */
  public long leafsZapped(int level) {
    return leafsZapped[level];
  }

  /** Present leaves cleared at all levels. */
  public long totalLeafsZapped() {
    long n = 0;
    for (long c : leafsZapped) {
      n += c;
    }
    return n;
  }

  /** True if a huge leaf reached outside the requested range and was zapped whole. */
  public boolean zappedBeyondRange() {
    return hugeLeafsPartlyCovered > 0;
  }
}
