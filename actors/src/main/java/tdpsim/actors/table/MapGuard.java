package tdpsim.actors.table;

/**
 * A check {@link SharedPageTable#map(long, int, long, int, MapGuard, long)} runs while it holds the leaf's
 * stripes shared, just before installing: KVM's mmu_invalidate_retry. Because a zap needs those stripes
 * exclusively, an invalidation that the check does not see cannot zap before the install is visible, so it
 * will zap the new entry too.
 */
@FunctionalInterface
public interface MapGuard {
  /**
   * @param baseGfn first gfn of the leaf about to be installed
   * @param pages 4 KiB pages it maps
   * @param token what the caller recorded before looking up the host page (e.g. the invalidation sequence)
   * @return false to abandon the install ({@link MapResult#RETRY})
   */
  boolean mayInstall(long baseGfn, long pages, long token);
}
