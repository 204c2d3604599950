package tdpsim.actors.table;

/**
 * What one A/D harvest ({@link SharedPageTable#harvest}) found and what it cost.
 *
 * @param pagesMarked 4 KiB pages reported (bits set in the caller's bitmap); a huge leaf counts its pages
 *     inside the range
 * @param entriesScanned table entries read, at every level, re-reads included: the unit the cost model charges
 *     a dirty-log clear by (KVM's measured cost is per page scanned under the lock)
 */
public record HarvestResult(long pagesMarked, long entriesScanned) {
  static final HarvestResult NOTHING = new HarvestResult(0, 0);
}
