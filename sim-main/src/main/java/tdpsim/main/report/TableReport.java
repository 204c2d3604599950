package tdpsim.main.report;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Size of one translation table (the TDP table, or the IOMMU second-stage table when it is separate).
 *
 * @param pages page-table pages (4 KiB each on x86) held by the table
 * @param bytes bytes held by the table
 * @param pagesByLevel table pages per paging level, 1 (PTE pages) to 5 (PML5); iterated in ascending level
 */
public record TableReport(long pages, long bytes, Map<Integer, Long> pagesByLevel) {
  public static final int MIN_LEVEL = 1;
  public static final int MAX_LEVEL = 5;

  public TableReport {
    if (pages < 0 || bytes < 0) {
      throw new IllegalArgumentException("negative table size: pages=" + pages + " bytes=" + bytes);
    }
    TreeMap<Integer, Long> byLevel = new TreeMap<>();
    pagesByLevel.forEach(
        (level, count) -> {
          if (level < MIN_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException("paging level out of 1..5: " + level);
          }
          byLevel.put(level, count);
        });
    pagesByLevel = Collections.unmodifiableMap(byLevel);
  }
}
