package tdpsim.protocol;

import java.util.Arrays;
import java.util.Optional;

/** Page sizes of x86 leaves and of host backing memory: 4 KiB, 2 MiB (THP/hugetlbfs) and 1 GiB (hugetlbfs). */
public enum PageSize {
  SIZE_4K(1, 4096L, "4KiB"),
  SIZE_2M(2, 2L << 20, "2MiB"),
  SIZE_1G(3, 1L << 30, "1GiB");

  private final int level;
  private final long bytes;
  private final String label;

  PageSize(int level, long bytes, String label) {
    this.level = level;
    this.bytes = bytes;
    this.label = label;
  }

  /** The x86 paging level whose leaf maps this size (1, 2 or 3). */
  public int level() {
    return level;
  }

  public long bytes() {
    return bytes;
  }

  /** Number of 4 KiB frames in one page of this size. */
  public long pages4k() {
    return bytes >>> 12;
  }

  public String label() {
    return label;
  }

  public static Optional<PageSize> ofBytes(long bytes) {
    return Arrays.stream(values()).filter(p -> p.bytes == bytes).findFirst();
  }

  public static PageSize ofLevel(int level) {
    for (PageSize p : values()) {
      if (p.level == level) {
        return p;
      }
    }
    throw new IllegalArgumentException("no leaf page size at level " + level);
  }
}
