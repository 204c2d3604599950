package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Host memory events that invalidate guest mappings through MMU notifiers (`host-event.kind`). */
public enum HostEventKind {
  /** Reclaim/swap-out of the range. */
  RECLAIM("reclaim"),
  /** NUMA or CMA page migration of the range. */
  MIGRATION("migration"),
  /** Memory compaction moving the range's pages. */
  COMPACTION("compaction"),
  /** A transparent huge page split into 4 KiB pages. */
  THP_SPLIT("thp-split"),
  /** khugepaged collapsing 4 KiB pages into a huge page. */
  THP_COLLAPSE("thp-collapse"),
  /** Kernel same-page merging write-protecting and merging the range. */
  KSM("ksm"),
  /** Aging (MGLRU / idle page tracking): the MMU notifier's clear_young test-and-clears accessed bits. */
  AGE("age"),
  /** KVM side: the VMM deletes and re-creates the memslot range (e.g. a BAR remap): a zap, no host change. */
  MEMSLOT("memslot"),
  /** KVM side: dirty logging starts on the range: huge pages split or write-protected. */
  DIRTY_LOG("dirty-log"),
  /** KVM side: dirty logging stops on the range: huge mappings come back (tdpsim.scenario.dirty-log.disable). */
  DIRTY_LOG_STOP("dirty-log-stop"),
  /** KVM side: NX-huge-page recovery zaps split huge pages so that they can be rebuilt. */
  NX_RECOVERY("nx-recovery");

  private final String configName;

  HostEventKind(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<HostEventKind> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(HostEventKind::configName).collect(Collectors.joining(", "));
  }
}
