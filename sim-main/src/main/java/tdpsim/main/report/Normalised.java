package tdpsim.main.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures normalised by the work a design did, so that designs that did unequal work (a run ended by time) can
 * still be compared: {@code modes.<mode>.normalised} in report.json. A figure whose denominator is 0 is absent.
 *
 * <ul>
 *   <li>{@code faultsPer1kAccesses}: (vcpuFaults + devicePageRequests + dmaFaults) per 1,000 accesses (vCPU
 *       accesses + DMA page translations);
 *   <li>{@code virtualNsPerAccess}: the vCPUs' virtual clocks summed, per vCPU access (think time included);
 *   <li>{@code invalidationsPerGiBDma}: IOTLB + device-TLB invalidations per GiB of DMA (4 KiB per translation);
 *   <li>{@code tableBytesPerGiBTouched}: TDP + IOMMU table bytes per GiB of guest memory backed by the host
 *       (faulted in, or pinned: pinning touches every page).
 * </ul>
 */
public final class Normalised {
  public static final String KEY = "normalised";
  public static final String FAULTS_PER_1K_ACCESSES = "faultsPer1kAccesses";
  public static final String VIRTUAL_NS_PER_ACCESS = "virtualNsPerAccess";
  public static final String INVALIDATIONS_PER_GIB_DMA = "invalidationsPerGiBDma";
  public static final String TABLE_BYTES_PER_GIB_TOUCHED = "tableBytesPerGiBTouched";

  private static final double GIB = 1L << 30;
  private static final long PAGE = 4096;

  private Normalised() {}

  /**
   * @param vcpuClockNs the vCPUs' virtual clocks at the end, summed
   */
  public static Map<String, Double> of(ModeReport m, long vcpuClockNs) {
    Map<String, Double> out = new LinkedHashMap<>();
    long accesses = m.counter("vcpuAccesses") + m.counter("dmaTranslations");
    long faults = m.counter("vcpuFaults") + m.counter("devicePageRequests") + m.counter("dmaFaults");
    if (accesses > 0) {
      out.put(FAULTS_PER_1K_ACCESSES, 1000.0 * faults / accesses);
    }
    if (m.counter("vcpuAccesses") > 0) {
      out.put(VIRTUAL_NS_PER_ACCESS, (double) vcpuClockNs / m.counter("vcpuAccesses"));
    }
    double dmaGiB = m.counter("dmaTranslations") * PAGE / GIB;
    if (dmaGiB > 0) {
      out.put(INVALIDATIONS_PER_GIB_DMA,
          (m.counter("iotlbInvalidations") + m.counter("devtlbInvalidations")) / dmaGiB);
    }
    double touchedGiB = touchedBytes(m) / GIB;
    if (touchedGiB > 0) {
      out.put(TABLE_BYTES_PER_GIB_TOUCHED, m.totalTableBytes() / touchedGiB);
    }
    return out;
  }

  /** Guest memory the host backs for this design: pages faulted in, or every pinned page. */
  public static long touchedBytes(ModeReport m) {
    return Math.max(m.pinnedBytes(), m.counter("hostPagesAllocated") * PAGE);
  }

  /** Work a design did: vCPU accesses plus DMA page translations. */
  public static long work(ModeReport m) {
    return m.counter("vcpuAccesses") + m.counter("dmaTranslations");
  }

  /** The normalised figures a report carries, or an empty map (reports from before they existed). */
  @SuppressWarnings("unchecked")
  public static Map<String, Double> from(ModeReport m) {
    Object v = m.extra().get(KEY);
    return v instanceof Map<?, ?> map ? (Map<String, Double>) map : Map.of();
  }
}
