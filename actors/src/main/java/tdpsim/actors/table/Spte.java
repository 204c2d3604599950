package tdpsim.actors.table;

/**
 * Layout of one 64-bit table entry (an SPTE in KVM's words), modelled on the Intel EPT format; static
 * constants and predicates only. The vCPU walker and the IOMMU walker decode the same entries, which is the
 * point of sharing the table.
 *
 * <pre>
 *   63    61 60   59       52 51                                12 11  10  9   8   7   6    3 2 1 0
 *  +--------+----+-----------+------------------------------------+---+---+---+---+---+------+-+-+-+
 *  |  0     |MMIO|FROZEN| 0  |  pfn: host frame (leaf) or child    |MP | 0 | D | A |PS |  0   |X|W|R|
 *  |        | sw | sw   |    |  table frame number (non-leaf)      |sw |   |   |   |   |      | | | |
 *  +--------+----+-----------+------------------------------------+---+---+---+---+---+------+-+-+-+
 * </pre>
 *
 * <ul>
 *   <li>R/W/X (bits 0..2): permissions; the same values ({@link #ACC_READ} ...) are used as access masks.
 *   <li>PS (bit 7): leaf at level 2 or 3 (a huge page); at level 1 every present entry is a leaf.
 *   <li>A/D (bits 8, 9): set by the walkers with a CAS, as the hardware does with a locked update.
 *   <li>MMU_PRESENT (bit 11, software): the entry is shadow-present. Bit 11 is ignored by EPT hardware, which
 *       is why KVM keeps its own present bit there; an entry with R=W=X=0 but MP set does not exist here.
 *   <li>pfn (bits 12..51): 40-bit frame number.
 *   <li>FROZEN (bit 59, software): the entry is being replaced. Not present; walkers report {@link
 *       Walk#FROZEN} and retry, writers back off (KVM's frozen/removed SPTE).
 *   <li>MMIO (bit 60, software): KVM's MMIO-caching entry; the pfn field holds the gfn. Not shadow-present.
 *       A vCPU exits on it to emulate; an IOMMU has no such notion and must treat it as a fault.
 * </ul>
 */
public final class Spte {
  /** Read permission / read access. */
  public static final int ACC_READ = 1;
  /** Write permission / write access. */
  public static final int ACC_WRITE = 2;
  /** Execute permission / instruction fetch. */
  public static final int ACC_EXEC = 4;
  /** All three permissions. */
  public static final int ACC_ALL = ACC_READ | ACC_WRITE | ACC_EXEC;

  /** Leaf at level 2 or 3 (EPT bit 7, "page size"). */
  public static final long PS = 1L << 7;
  /** Accessed flag (EPT bit 8, with A/D enabled in the EPTP). */
  public static final long ACCESSED = 1L << 8;
  /** Dirty flag (EPT bit 9, leaves only). */
  public static final long DIRTY = 1L << 9;
  /** Software present bit, as KVM's SPTE_MMU_PRESENT_MASK. */
  public static final long MMU_PRESENT = 1L << 11;
  /** Shift of the frame number field. */
  public static final int PFN_SHIFT = 12;
  /** Bits 12..51: frame number. */
  public static final long PFN_MASK = ((1L << 40) - 1) << PFN_SHIFT;
  /** Largest frame number an entry can hold. */
  public static final long MAX_PFN = (1L << 40) - 1;
  /** Software: the entry is being replaced (see the class comment). */
  public static final long FROZEN = 1L << 59;
  /** Software: MMIO-caching entry (see the class comment). */
  public static final long MMIO = 1L << 60;
  /** The value written into an entry while it is frozen. */
  public static final long FROZEN_SPTE = FROZEN;

  private static final long PERM_MASK = ACC_ALL;

  private Spte() {}

  /** True if the entry maps something (leaf or table): KVM's is_shadow_present_pte. */
  public static boolean isShadowPresent(long spte) {
    return (spte & MMU_PRESENT) != 0;
  }

  /**
   * True if the VT-d second-stage walker reads the entry as present: R or W set (the format has no present bit;
   * Linux's dma_pte_present tests R|W). KVM's bit 11 is ignored, so an X-only entry is not present to the
   * IOMMU, and any entry with R or W is, whatever KVM's software bits say.
   */
  public static boolean isIommuPresent(long spte) {
    return (spte & (ACC_READ | ACC_WRITE)) != 0;
  }

  /** True if a shadow-present entry at {@code level} is a leaf. Callers check presence first. */
  public static boolean isLeaf(long spte, int level) {
    return level == 1 || (level <= 3 && (spte & PS) != 0);
  }

  /** Frame number held by the entry: host frame for a leaf, child table frame for a non-leaf, gfn for MMIO. */
  public static long toPfn(long spte) {
    return (spte & PFN_MASK) >>> PFN_SHIFT;
  }

  public static boolean isAccessed(long spte) {
    return (spte & ACCESSED) != 0;
  }

  public static boolean isDirty(long spte) {
    return (spte & DIRTY) != 0;
  }

  public static boolean isWritable(long spte) {
    return (spte & ACC_WRITE) != 0;
  }

  public static boolean isFrozen(long spte) {
    return (spte & FROZEN) != 0;
  }

  public static boolean isMmio(long spte) {
    return (spte & MMIO) != 0;
  }

  /** R/W/X bits of the entry as an access mask. */
  public static int perms(long spte) {
    return (int) (spte & PERM_MASK);
  }

  /** A present leaf with no A/D bits set; PS is set for levels 2 and 3. */
  public static long makeLeaf(long pfn, int perms, int level) {
    checkPerms(perms);
    long spte = MMU_PRESENT | (pfn << PFN_SHIFT) | perms;
    return level > 1 ? spte | PS : spte;
  }

  /** A present non-leaf entry pointing at table page {@code childFrame}. EPT non-leaves carry RWX. */
  public static long makeNonLeaf(long childFrame) {
    return MMU_PRESENT | (childFrame << PFN_SHIFT) | ACC_ALL;
  }

  /** An MMIO-caching entry remembering {@code gfn}. */
  public static long makeMmio(long gfn) {
    return MMIO | ((gfn << PFN_SHIFT) & PFN_MASK);
  }

  /**
   * Rejects permission sets EPT would treat as a misconfiguration: none at all, or write without read
   * (SDM Vol. 3, "EPT Misconfigurations").
   */
  static void checkPerms(int perms) {
    if (perms <= 0 || perms > ACC_ALL || (perms & (ACC_READ | ACC_WRITE)) == ACC_WRITE) {
      throw badPerms(perms);
    }
  }

  private static IllegalArgumentException badPerms(int perms) {
    if ((perms & (ACC_READ | ACC_WRITE)) == ACC_WRITE) {
      return new IllegalArgumentException("write without read is an EPT misconfiguration, perms=" + perms);
    }
    return new IllegalArgumentException("perms must be a non-empty subset of R|W|X (1..7), was " + perms);
  }
}
