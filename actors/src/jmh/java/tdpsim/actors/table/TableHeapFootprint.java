package tdpsim.actors.table;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retained heap per mapped 4 KiB page: populates 64 GiB of guest memory with 4 KiB leaves (16M leaves) and
 * compares the heap the table retains (MemoryMXBean after GC) with the size of the real x86 table it models,
 * (32768 + 64 + 1 + 1) pages * 4 KiB = 128.3 MiB; the bar is 1.1x (141 MiB). For scale it also measures a
 * {@code ConcurrentHashMap<Long, Long>} holding 1M of the same mappings and extrapolates per page.
 *
 * <pre>java -Xmx1g -cp actors/target/benchmarks.jar tdpsim.actors.table.TableHeapFootprint</pre>
 */
public final class TableHeapFootprint {
  private static final long GIB = 1L << 18;
  private static final double MIB = 1024.0 * 1024.0;

  private TableHeapFootprint() {}

  public static void main(String[] args) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    SharedPageTable table = new SharedPageTable(TableSettings.defaults());
    long pages4k = 64 * GIB;
    for (long g = 0; g < pages4k; g++) {
      table.map(g, 1, g + 64 * GIB, Spte.ACC_READ | Spte.ACC_WRITE);
    }
    long retained = usedAfterGc(memory) - before;
    long real = table.bytes();
    System.out.println(String.format(Locale.ROOT,
        "table: %d leaves, pages by level %s, real table %.1f MiB, retained heap %.1f MiB, ratio %.3f (bar 1.10),"
            + " %.2f bytes per mapped 4 KiB page",
        pages4k, java.util.Arrays.toString(table.pagesByLevel()), real / MIB, retained / MIB,
        (double) retained / real, (double) retained / pages4k));
    if (table.pages() != 32768 + 64 + 1 + 1) {
      throw new AssertionError("unexpected page count " + table.pages());
    }
    long keep = table.pages();
    table = null;
    before = usedAfterGc(memory);
    int entries = (int) (4 * GIB);
    ConcurrentHashMap<Long, Long> map = new ConcurrentHashMap<>();
    for (long g = 0; g < entries; g++) {
      map.put(g, g + 64 * GIB);
    }
    long chm = usedAfterGc(memory) - before;
    System.out.println(String.format(Locale.ROOT,
        "ConcurrentHashMap<Long, Long>: %d entries retain %.1f MiB, %.2f bytes per mapped 4 KiB page"
            + " (%.1f MiB extrapolated to 64 GiB)",
        map.size(), chm / MIB, (double) chm / entries, (double) chm / entries * pages4k / MIB));
    System.out.println("table pages counted: " + keep + " (32768 + 64 + 1 + 1 expected)");
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
