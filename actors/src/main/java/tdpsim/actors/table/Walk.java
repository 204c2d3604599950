package tdpsim.actors.table;

/**
 * Encoding of a walk result as one {@code long}, so the hot translate path allocates nothing. A result
 * {@code >= 0} is a success holding the host pfn of the translated 4 KiB page (bits 0..51), the level of the
 * leaf that mapped it (bits 56..58) and whether this walk set the leaf's D bit from 0 to 1 (bit 60: the moment
 * PML logs a gfn); a negative result is one of the fault codes below.
 */
public final class Walk {
  /** No present entry maps the gfn: an EPT violation for a vCPU, a DMA fault or page request for a device. */
  public static final long NOT_PRESENT = -1;
  /** A leaf maps the gfn but does not permit the access (e.g. a write to a write-protected leaf). */
  public static final long PERMISSION = -2;
  /** KVM's MMIO-caching entry: the vCPU exits to emulate; the IOMMU must fault. */
  public static final long MMIO = -3;
  /** The leaf sits above the walker's largest supported leaf level (an IOMMU without 1 GiB pages). */
  public static final long LEAF_TOO_LARGE = -4;
  /** An entry on the path is frozen mid-replacement; the caller retries the walk. */
  public static final long FROZEN = -5;

  private static final int LEVEL_SHIFT = 56;
  /** Success flag: this write walk set the leaf's D bit (it was clear before). */
  private static final long DIRTIED = 1L << 60;
  private static final long PFN_BITS = (1L << 52) - 1;

  private Walk() {}

  public static boolean isFault(long result) {
    return result < 0;
  }

  /** Host pfn of the translated 4 KiB page. Only for successful results. */
  public static long toPfn(long result) {
    return result & PFN_BITS;
  }

  /** Level (1..3) of the leaf that mapped the page. Only for successful results. */
  public static int toLevel(long result) {
    return (int) ((result >>> LEVEL_SHIFT) & 7);
  }

  /** True if this (successful) write walk set the leaf's D bit from 0 to 1: when a CPU with PML logs the gfn. */
  public static boolean isDirtied(long result) {
    return result >= 0 && (result & DIRTIED) != 0;
  }

  /** {@code result} with the D-bit-set flag. */
  static long dirtied(long result) {
    return result | DIRTIED;
  }

  /** A success result; also usable by translation caches (IOTLB, TLB) that store results. */
  public static long success(long pfn, int level) {
    return ((long) level << LEVEL_SHIFT) | pfn;
  }

  /** A readable name for a result, for messages and logs. */
  public static String describe(long result) {
    if (result >= 0) {
      return "pfn=0x" + Long.toHexString(toPfn(result)) + "@L" + toLevel(result);
    }
    if (result == NOT_PRESENT) {
      return "NOT_PRESENT";
    } else if (result == PERMISSION) {
      return "PERMISSION";
    } else if (result == MMIO) {
      return "MMIO";
    } else if (result == LEAF_TOO_LARGE) {
      return "LEAF_TOO_LARGE";
    } else if (result == FROZEN) {
      return "FROZEN";
    }
    return "UNKNOWN(" + result + ")";
  }
}
