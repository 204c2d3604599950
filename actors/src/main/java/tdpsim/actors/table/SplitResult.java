package tdpsim.actors.table;

/**
 * Outcome of {@link SharedPageTable#splitHugePage}.
 *
 * @param split a huge leaf was replaced by a child table
 * @param flushNeeded always false in this model: the child leaves translate every gfn to the same pfn with the
 *     same permissions, so a cached huge translation stays correct (KVM's eager split does not flush either);
 *     the flush comes with whatever the caller does next to the small leaves (write-protect, zap)
 * @param childLevel level of the new leaves, or 0 if nothing was split
 */
public record SplitResult(boolean split, boolean flushNeeded, int childLevel) {
  static final SplitResult NOT_SPLIT = new SplitResult(false, false, 0);
}
