package tdpsim.actors.table;

/**
 * A level of the x86 radix table, counted from the leaves: L1 maps 4 KiB, L2 2 MiB, L3 1 GiB, L4 and L5 only
 * hold table pointers. The TDP MMU and the IOMMU name huge-page sizes by the level their leaf sits at.
 */
public enum PageLevel {
  L1(1),
  L2(2),
  L3(3),
  L4(4),
  L5(5);

  /** Entries in one 4 KiB table page (8-byte entries). */
  public static final int ENTRIES_PER_TABLE = 512;

  /** Guest-frame-number bits consumed by one level of the walk. */
  public static final int BITS_PER_LEVEL = 9;

  private static final PageLevel[] BY_LEVEL = {null, L1, L2, L3, L4, L5};

  private final int level;

  PageLevel(int level) {
    this.level = level;
  }

  /** The level number, 1..5. */
  public int level() {
    return level;
  }

  /** Shift that turns a gfn into the index space of this level: 9 * (level - 1). */
  public int gfnShift() {
    return gfnShift(level);
  }

  /** Number of 4 KiB pages one entry at this level covers. */
  public long pages4k() {
    return pages4k(level);
  }

  /** The constant for a level number; throws for anything outside 1..5. */
  public static PageLevel of(int level) {
    if (level < 1 || level > 5) {
      throw new IllegalArgumentException("page level must be 1..5, was " + level);
    }
    return BY_LEVEL[level];
  }

  /** {@code 9 * (level - 1)}: the gfn bits below an entry at {@code level}; the one place this is written. */
  public static int gfnShift(int level) {
    return BITS_PER_LEVEL * (level - 1);
  }

  /** 4 KiB pages one entry at {@code level} covers ({@code 1 << gfnShift(level)}): 1, 512, 262144, ... */
  public static long pages4k(int level) {
    return 1L << gfnShift(level);
  }

  /** Index of the entry that translates {@code gfn} inside a table page of this level. */
  static int index(long gfn, int level) {
    return (int) (gfn >>> gfnShift(level)) & (ENTRIES_PER_TABLE - 1);
  }
}
