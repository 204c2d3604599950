package tdpsim.actors.table;

/**
 * Shape of a {@link SharedPageTable}.
 *
 * @param levels 4, or 5 with LA57-style five-level paging
 * @param maxLeafLevel largest leaf {@code map} installs, 1..3; 2 for an IOMMU without 1 GiB leaves
 * @param stripeCount number of lock stripes, a power of two
 * @param stripeShift gfn bits per stripe granule (9 = one 2 MiB granule per stripe slot)
 */
public record TableSettings(int levels, int maxLeafLevel, int stripeCount, int stripeShift) {
  public TableSettings {
    if (levels != 4 && levels != 5) {
      throw new IllegalArgumentException("levels must be 4 or 5, was " + levels);
    }
    if (maxLeafLevel < 1 || maxLeafLevel > 3) {
      throw new IllegalArgumentException("maxLeafLevel must be 1 (4 KiB), 2 (2 MiB) or 3 (1 GiB), was " + maxLeafLevel);
    }
    if (stripeCount < 1 || Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("stripeCount must be a power of two >= 1, was " + stripeCount);
    }
    if (stripeShift < 0 || stripeShift > 9 * levels) {
      throw new IllegalArgumentException(
          "stripeShift must be 0.." + (9 * levels) + " (gfn bits of the table), was " + stripeShift);
    }
  }

  /** 4 levels, 1 GiB leaves allowed, 64 stripes of 2 MiB granules. */
  public static TableSettings defaults() {
    return new TableSettings(4, 3, 64, 9);
  }

  /** Same settings with another largest leaf level. */
  public TableSettings withMaxLeafLevel(int level) {
    return new TableSettings(levels, level, stripeCount, stripeShift);
  }

  /** Same settings with another number of levels. */
  public TableSettings withLevels(int newLevels) {
    return new TableSettings(newLevels, maxLeafLevel, stripeCount, stripeShift);
  }

  /** Number of 4 KiB guest frames the table can address: 2^(9 * levels). */
  public long gfnLimit() {
    return 1L << PageLevel.gfnShift(levels + 1);
  }
}
