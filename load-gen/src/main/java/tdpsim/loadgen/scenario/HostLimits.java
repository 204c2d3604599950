package tdpsim.loadgen.scenario;

/**
 * The limits of the simulated host that a scenario must fit, checked when the scenario is loaded so that the
 * machine build never meets them. They mirror the machine: host frame numbers are 40 bits,
 * {@code pfn = vmBase + generation * span + gfn} with an 8-bit generation (4 bits above the span, 4 at the top of
 * the frame number, so that a page moved 16 times cannot look live again to a stale translation) and a per-VM span of at least 2^18
 * frames (tdpsim.actors.memory.HostFrames; a test in sim-main holds the two to the same answer), and a table of
 * {@code levels} levels maps {@code 12 + 9 * levels} bits of guest-physical address.
 */
public final class HostLimits {
  /** Bits of a host frame number. */
  static final int PFN_BITS = 40;
  /** Bits of a frame's generation (a page the host moved or swapped in gets the next one). */
  static final int GEN_BITS = 8;
  /** The smallest per-VM span of frames, as a shift. */
  static final int MIN_SPAN_SHIFT = 18;
  /**
   * Simulated entities of one machine (vCPUs and devices, each an actor): 2^24. At the ~5.8 KB of heap per entity
   * measured by {@code bench --scale-entities} (docs/performance.md) that is about 90 GiB, past any heap the
   * heap estimate would accept; the limit exists so that a mistyped count fails at once instead of expanding
   * billions of records first.
   */
  public static final long MAX_ENTITIES = 1L << 24;

  private HostLimits() {}

  /** The shift of a VM's frame span: the bits of its largest gfn, at least {@link #MIN_SPAN_SHIFT}. */
  public static int spanShift(long endGfn) {
    return Math.max(MIN_SPAN_SHIFT, 64 - Long.numberOfLeadingZeros(Math.max(1, endGfn - 1)));
  }

  /** How many VMs whose guest-physical space ends at {@code endGfn} fit the host frame space (0: not one). */
  public static long maxVms(long endGfn) {
    int free = PFN_BITS - GEN_BITS - spanShift(endGfn);
    return free < 0 ? 0 : 1L << free;
  }

  /** The end of the largest guest-physical space one VM (VM 0) can have: 2^44 bytes (16 TiB). */
  public static long maxVmsEndGpa() {
    return 1L << (PFN_BITS - GEN_BITS + 12);
  }

  /** Whether VM {@code vmIndex}, its guest-physical space ending at {@code endGfn}, fits the frame space. */
  public static boolean fits(long vmIndex, long endGfn) {
    return vmIndex < maxVms(endGfn);
  }

  /** The end of the guest-physical address space a table of {@code levels} levels maps. */
  public static long tableReach(int levels) {
    return 1L << Math.min(62, 12 + 9 * levels);
  }
}
