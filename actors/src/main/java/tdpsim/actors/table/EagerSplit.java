package tdpsim.actors.table;

/**
 * KVM's eager huge-page split of a gfn range ({@code kvm_tdp_mmu_try_split_huge_pages}): every huge leaf in the
 * range is replaced in place by a full table of 4 KiB leaves with the same translation. Nothing is unmapped, so
 * no TLB flush and no IOTLB invalidation follows ({@code tdp_mmu_split_huge_page}: "the translation will be the
 * same either way"). Used by the TDP MMU's split-in-place zap plan, by dirty logging's eager split and by a
 * migration's eager split; callers charge the cost per split.
 */
public final class EagerSplit {
  private EagerSplit() {}

  /**
   * Splits every huge leaf of {@code table} that maps a gfn in {@code [startGfn, endGfn)}, walking the range by
   * leaf: a split leaf is looked up again, so a 1 GiB leaf becomes 2 MiB leaves and each of those 4 KiB leaves.
   * Unmapped gfns are skipped one by one.
   *
   * @return the number of splits done (one 1 GiB leaf split down to 4 KiB leaves counts 1 + 512)
   */
  public static long trySplitHugePages(SharedPageTable table, long startGfn, long endGfn) {
    long splits = 0;
    long gfn = startGfn;
    while (gfn < endGfn) {
      long r = table.lookup(gfn);
      if (Walk.isFault(r)) {
        gfn++;
        continue;
      }
      int level = Walk.toLevel(r);
      if (level >= 2 && table.splitHugePage(gfn, level).split()) {
        splits++;
        continue;
      }
      gfn = (gfn | (PageLevel.pages4k(level) - 1)) + 1;
    }
    return splits;
  }
}
