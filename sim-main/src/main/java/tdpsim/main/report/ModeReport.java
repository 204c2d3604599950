package tdpsim.main.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one design (mode) produced in a run: table footprint, pinned memory, event counters, zaps by cause, latency
 * summaries and invariant violations.
 *
 * <p>Map order is normalised here so that every reporter prints the same thing for equal reports, whatever map
 * type the caller built: {@code counters} and {@code latencyNs} put the well-known names first, in the order of
 * {@link #COUNTER_ORDER} and {@link #LATENCY_KIND_ORDER}, then any others sorted by name; {@code zapsByCause} is
 * sorted by cause; {@code extra} keeps the caller's insertion order.
 *
 * @param mode design name, e.g. {@code shared-iopf}
 * @param refusedReason why the design refused to run this scenario (e.g. viommu-shadow cannot share the table), or
 *     {@code null} when it ran
 * @param tdp the TDP (EPT/NPT) table; {@code null} only when refused
 * @param iommu the IOMMU second-stage table, or {@code null} when it is the TDP table itself (shared) or refused
 * @param pinnedBytes guest memory pinned for DMA, bytes
 * @param counters event counts by name (vcpuFaults, devicePageRequests, dmaFaults, zaps, ...)
 * @param zapsByCause zaps by cause name (mmu-notifier, dirty-log, memslot, ...)
 * @param latencyNs latency summaries by kind (vcpuFault, devicePageRequest, dma, ...), virtual ns
 * @param invariantViolations human-readable descriptions of every invariant violation seen; empty when sound
 * @param extra free-form additional figures (e.g. {@code migration}), emitted after the fixed fields
 */
public record ModeReport(
    String mode,
    String refusedReason,
    TableReport tdp,
    TableReport iommu,
    long pinnedBytes,
    Map<String, Long> counters,
    Map<String, Long> zapsByCause,
    Map<String, LatencySummary> latencyNs,
    List<String> invariantViolations,
    Map<String, Object> extra) {

  /** The well-known counters, in report order. */
  public static final List<String> COUNTER_ORDER =
      List.of(
          "vcpuFaults",
          "devicePageRequests",
          "dmaFaults",
          "zaps",
          "zapsAvoided",
          "tlbFlushes",
          "iotlbInvalidations",
          "devtlbInvalidations",
          "drains");

  /** The well-known latency kinds, in report order. */
  public static final List<String> LATENCY_KIND_ORDER =
      List.of("vcpuFault", "devicePageRequest", "dma", "tlbFlush", "iotlbInvalidation", "drain");

  /** Keys of the fixed fields of a mode in report.json; {@code extra} must not reuse them. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "mode",
          "refusedReason",
          "tables",
          "pinnedBytes",
          "counters",
          "zapsByCause",
          "latencyNs",
          "invariantViolations");

  public ModeReport {
    Objects.requireNonNull(mode, "mode");
    if (refusedReason == null) {
      Objects.requireNonNull(tdp, "tdp (only a refused mode may omit its table)");
    }
    if (pinnedBytes < 0) {
      throw new IllegalArgumentException("negative pinnedBytes: " + pinnedBytes);
    }
    counters = canonicalOrder(counters, COUNTER_ORDER);
    zapsByCause = Collections.unmodifiableMap(new TreeMap<>(zapsByCause));
    latencyNs = canonicalOrder(latencyNs, LATENCY_KIND_ORDER);
    invariantViolations = List.copyOf(invariantViolations);
    for (String key : extra.keySet()) {
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException("extra key clashes with a fixed field: " + key);
      }
    }
    extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** A design that refused to run; it has no tables and no figures. */
  public static ModeReport refused(String mode, String reason) {
    Objects.requireNonNull(reason, "reason");
    return new ModeReport(mode, reason, null, null, 0, Map.of(), Map.of(), Map.of(), List.of(), Map.of());
  }

  public boolean isRefused() {
    return refusedReason != null;
  }

  /** True when the IOMMU walks the TDP table itself, so there is no second table. */
  public boolean isShared() {
    return !isRefused() && iommu == null;
  }

  /** Table pages of TDP plus IOMMU (0 when refused). */
  public long totalTablePages() {
    return (tdp == null ? 0 : tdp.pages()) + (iommu == null ? 0 : iommu.pages());
  }

  /** Table bytes of TDP plus IOMMU (0 when refused). */
  public long totalTableBytes() {
    return (tdp == null ? 0 : tdp.bytes()) + (iommu == null ? 0 : iommu.bytes());
  }

  /** A counter's value, or 0 when the mode did not report it. */
  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** The key of {@link #extra()} that says, under {@code run.until = work}, whether the design did all its work. */
  public static final String WORK_COMPLETE = "workComplete";

  /**
   * True when, under {@code run.until = work}, the design reached {@code run.duration} before its work was done:
   * its figures cover less work than the others'. False under {@code run.until = time}, where the key is absent.
   */
  public boolean workUnfinished() {
    return Boolean.FALSE.equals(extra().get(WORK_COMPLETE));
  }

  private static <V> Map<String, V> canonicalOrder(Map<String, V> in, List<String> known) {
    LinkedHashMap<String, V> out = new LinkedHashMap<>();
    for (String name : canonicalNames(in.keySet(), known)) {
      out.put(name, Objects.requireNonNull(in.get(name), name));
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code names} in report order: those in {@code known} first, in its order, then the rest sorted. */
  static List<String> canonicalNames(Collection<String> names, List<String> known) {
    List<String> out = new ArrayList<>(names.size());
    for (String name : known) {
      if (names.contains(name)) {
        out.add(name);
      }
    }
    new TreeSet<>(names).stream().filter(name -> !known.contains(name)).forEach(out::add);
    return out;
  }
}
