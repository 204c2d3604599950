package tdpsim.protocol;

/** Why KVM removes TDP entries; reports count zaps (and zaps avoided) by these causes. */
public enum ZapCause {
  /** MMU notifier: reclaim / swap-out of the backing page. */
  RECLAIM("reclaim"),
  /** MMU notifier: NUMA or explicit page migration. */
  MIGRATION("migration"),
  /** MMU notifier: memory compaction moving pages. */
  COMPACTION("compaction"),
  /** MMU notifier: the host splits a transparent huge page. */
  THP_SPLIT("thp-split"),
  /** MMU notifier: khugepaged collapses small pages into a huge page. */
  THP_COLLAPSE("thp-collapse"),
  /** MMU notifier: KSM merges identical pages. */
  KSM("ksm"),
  /** Memslot deleted or moved by the VMM. */
  MEMSLOT("memslot"),
  /** Dirty logging enabled: huge pages split or write-protected. */
  DIRTY_LOG("dirty-log"),
  /** Dirty logging disabled: small leaves zapped so that huge ones are rebuilt (zap_collapsible_sptes). */
  DIRTY_LOG_STOP("dirty-log-stop"),
  /** NX-huge-page recovery zaps split huge pages so that they can be rebuilt. */
  NX_RECOVERY("nx-recovery"),
  /**
   * Not a zap: MMU-notifier clear_young (page aging). KVM test-and-clears accessed bits under the read lock and
   * flushes nothing (a stale A bit only makes aging less accurate).
   */
  AGING("aging");

  private final String configName;

  ZapCause(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }
}
