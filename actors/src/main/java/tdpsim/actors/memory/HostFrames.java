package tdpsim.actors.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The host side of one VM's memory: which host frame (pfn) backs each guest page now, whether it is resident,
 * and whether it is pinned. It is the ground truth of the invariant "no access reaches a host frame that is no
 * longer mapped for that gfn": {@link #isLive} is false for a frame the host reclaimed or moved after the
 * invalidation completed.
 *
 * <p>Frame numbers are computed, not allocated: {@code pfn = vmBase + generation * span + gfn}, where span is a
 * power of two of at least 1 GiB worth of frames, so a huge backing page is contiguous and aligned, and a page
 * that the host moved or swapped back in gets a new pfn (its generation advances). Per-page state is a
 * {@code short} in chunks of 512 created on first touch, so the cost grows with pages touched, not with guest
 * size. A pinned VM (VFIO) keeps every page resident at generation 0 and never touches the chunks.
 *
 * <p>The generation has {@value #GEN_BITS} bits: the low {@value #LOW_GEN_BITS} sit above the span as above, the
 * high ones at the top of the 40-bit frame space (so generations 0..15 give the frame numbers they always did).
 * A page moved {@link #GENERATIONS} times gets a frame number it had before, and a translation that old would
 * look live again; such wraps are counted ({@link #generationWraps}) rather than silently trusted.
 */
public final class HostFrames {
  private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(short[].class);
  /** Bits of a page's generation (how many times it moved or came back from swap, modulo {@link #GENERATIONS}). */
  static final int GEN_BITS = 8;
  /** Distinct generations, hence frame numbers, one page can have. */
  static final int GENERATIONS = 1 << GEN_BITS;
  private static final int GEN_MASK = GENERATIONS - 1;
  /** Generation bits placed just above the span (the whole generation before issue 20). */
  private static final int LOW_GEN_BITS = 4;
  private static final int LOW_GEN_MASK = (1 << LOW_GEN_BITS) - 1;
  private static final int RESIDENT = 1 << GEN_BITS;
  private static final int CHUNK_SHIFT = 9;
  private static final int PFN_BITS = 40;
  /** Where the high generation bits start: the top of the frame space, above every VM's range. */
  private static final int HIGH_GEN_SHIFT = PFN_BITS - (GEN_BITS - LOW_GEN_BITS);

  private final int vmIndex;
  private final long endGfn;
  private final int spanShift;
  private final long vmBase;
  private final AtomicReferenceArray<short[]> chunks;
  private final AtomicLongArray splitChunks;
  private volatile boolean pinned;
  /** Pages whose generation wrapped: a stale translation of theirs may look live (host events only). */
  private final AtomicLong generationWraps = new AtomicLong();
  /**
   * Ranges pinned for a device's buffers that cannot fault (pri-coverage below 1), as {start, end} gfn pairs
   * sorted by start; set while the machine is built, before any actor runs, and read-only afterwards.
   */
  private volatile long[] pinnedRanges = new long[0];

  public HostFrames(int vmIndex, long endGfn) {
    this.vmIndex = vmIndex;
    this.endGfn = endGfn;
    this.spanShift = Math.max(18, 64 - Long.numberOfLeadingZeros(Math.max(1, endGfn - 1)));
    int perVmShift = spanShift + LOW_GEN_BITS;
    if (perVmShift + (32 - Integer.numberOfLeadingZeros(vmIndex)) > HIGH_GEN_SHIFT) {
      throw new IllegalArgumentException("VM " + vmIndex + " with " + endGfn
          + " guest pages does not fit the 40-bit host frame space; use fewer or smaller VMs");
    }
    this.vmBase = (long) vmIndex << perVmShift;
    this.chunks = new AtomicReferenceArray<>((int) ((endGfn + (1 << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT));
    this.splitChunks = new AtomicLongArray((chunks.length() + 63) >>> 6);
  }

  /** The host split the transparent huge pages of the range: it is mapped by 4 KiB host PTEs now. */
  public void markSplit(long startGfn, long endGfn) {
    for (long c = startGfn >>> CHUNK_SHIFT; c <= (endGfn - 1) >>> CHUNK_SHIFT && c < chunks.length(); c++) {
      long bit = 1L << (c & 63);
      splitChunks.getAndAccumulate((int) (c >>> 6), bit, (a, b) -> a | b);
    }
  }

  /** khugepaged collapsed the range into huge pages again. */
  public void clearSplit(long startGfn, long endGfn) {
    for (long c = startGfn >>> CHUNK_SHIFT; c <= (endGfn - 1) >>> CHUNK_SHIFT && c < chunks.length(); c++) {
      long bit = 1L << (c & 63);
      splitChunks.getAndAccumulate((int) (c >>> 6), ~bit, (a, b) -> a & b);
    }
  }

  private boolean isSplit(long startGfn, long pages) {
    for (long c = startGfn >>> CHUNK_SHIFT; c <= (startGfn + pages - 1) >>> CHUNK_SHIFT; c++) {
      if ((splitChunks.get((int) (c >>> 6)) & (1L << (c & 63))) != 0) {
        return true;
      }
    }
    return false;
  }

  public int vmIndex() {
    return vmIndex;
  }

  /** Pin all guest memory (VFIO at VM start): resident, unmovable, never reclaimed. */
  public void pinAll() {
    pinned = true;
  }

  public boolean isPinned() {
    return pinned;
  }

  /**
   * Pin {@code [startGfn, endGfn)} only (a device's DMA buffers that cannot take a page request): those pages
   * stay resident and are never reclaimed, moved or collapsed; the rest of the VM stays pageable. Called while
   * the machine is built.
   */
  public void pinRange(long startGfn, long endGfn) {
    if (endGfn <= startGfn) {
      return;
    }
    long[] old = pinnedRanges;
    long[] next = java.util.Arrays.copyOf(old, old.length + 2);
    next[old.length] = startGfn;
    next[old.length + 1] = endGfn;
    // Keep the pairs sorted by start (few ranges: one per device with pri-coverage below 1).
    for (int i = next.length - 2; i >= 2 && next[i] < next[i - 2]; i -= 2) {
      long s0 = next[i];
      long e0 = next[i + 1];
      next[i] = next[i - 2];
      next[i + 1] = next[i - 1];
      next[i - 2] = s0;
      next[i - 1] = e0;
    }
    pinnedRanges = next;
  }

  /** True when {@code gfn} is pinned: the whole VM is, or a pinned range holds it. */
  public boolean isPinned(long gfn) {
    if (pinned) {
      return true;
    }
    long[] r = pinnedRanges;
    for (int i = 0; i < r.length; i += 2) {
      if (gfn >= r[i] && gfn < r[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** True when some page of {@code [startGfn, endGfn)} is pinned. */
  public boolean overlapsPinned(long startGfn, long endGfn) {
    if (pinned) {
      return true;
    }
    long[] r = pinnedRanges;
    for (int i = 0; i < r.length; i += 2) {
      if (startGfn < r[i + 1] && r[i] < endGfn) {
        return true;
      }
    }
    return false;
  }

  /** Pinned pages inside {@code [startGfn, endGfn)}. */
  public long pinnedPagesIn(long startGfn, long endGfn) {
    if (pinned) {
      return endGfn - startGfn;
    }
    long n = 0;
    for (long gfn = startGfn; gfn < endGfn; gfn++) {
      if (isPinned(gfn)) {
        n++;
      }
    }
    return n;
  }

  /** The pinned ranges as {start, end} gfn pairs, sorted by start (a copy). */
  public long[] pinnedRanges() {
    return pinnedRanges.clone();
  }

  /** Pages pinned: every page of the VM when all of it is, else the pages of the pinned ranges (merged). */
  public long pinnedPages(long totalPages) {
    if (pinned) {
      return totalPages;
    }
    long[] r = pinnedRanges;
    long pages = 0;
    long covered = Long.MIN_VALUE;
    for (int i = 0; i < r.length; i += 2) {
      long start = Math.max(r[i], covered);
      if (r[i + 1] > start) {
        pages += r[i + 1] - start;
      }
      covered = Math.max(covered, r[i + 1]);
    }
    return pages;
  }

  /** The host frame that backs {@code gfn} now (resident or not). */
  public long pfnOf(long gfn) {
    if (pinned) {
      return vmBase + gfn;
    }
    short[] chunk = chunks.get(chunkIndex(gfn));
    return pfnAt(chunk == null ? 0 : state(chunk, gfn) & GEN_MASK, gfn);
  }

  /**
   * Make {@code [startGfn, startGfn + pages)} resident, as a host fault would, and return how many of its pages
   * had to be allocated (0 when everything was resident already).
   */
  public long faultIn(long startGfn, long pages) {
    if (pinned) {
      return 0;
    }
    long allocated = 0;
    for (long gfn = startGfn; gfn < startGfn + pages; gfn++) {
      short[] chunk = chunk(gfn);
      int i = (int) (gfn & 511);
      while (true) {
        short old = (short) STATES.getVolatile(chunk, i);
        if ((old & RESIDENT) != 0) {
          break;
        }
        if (STATES.compareAndSet(chunk, i, old, (short) (old | RESIDENT))) {
          allocated++;
          break;
        }
      }
    }
    return allocated;
  }

  /**
   * True when the range can be mapped by one huge leaf: every page is backed by the same generation (the pfns
   * are contiguous) and the host has not split it into small pages.
   */
  public boolean isContiguous(long startGfn, long pages) {
    if (pages > 1 && isSplit(startGfn, pages)) {
      return false;
    }
    if (pinned) {
      return true;
    }
    int gen = -1;
    for (long gfn = startGfn; gfn < startGfn + pages; gfn++) {
      short[] chunk = chunks.get(chunkIndex(gfn));
      int g = chunk == null ? 0 : state(chunk, gfn) & GEN_MASK;
      if (gen >= 0 && g != gen) {
        return false;
      }
      gen = g;
    }
    return true;
  }

  /** True when {@code pfn} is the resident frame backing {@code gfn} now: using it is not a use-after-free. */
  public boolean isLive(long gfn, long pfn) {
    if (gfn < 0 || gfn >= endGfn) {
      return false;
    }
    if (pinned) {
      return pfn == vmBase + gfn;
    }
    short[] chunk = chunks.get(chunkIndex(gfn));
    if (chunk == null) {
      return false;
    }
    int state = state(chunk, gfn);
    return (state & RESIDENT) != 0 && pfn == pfnAt(state & GEN_MASK, gfn);
  }

  /** Reclaim (swap out) the range: its frames are freed; a later fault gets new ones. Returns pages freed. */
  public long reclaim(long startGfn, long endGfn) {
    return change(startGfn, endGfn, true);
  }

  /** Migrate or compact the range: the data moves to new frames, still resident. Returns pages moved. */
  public long move(long startGfn, long endGfn) {
    return change(startGfn, endGfn, false);
  }

  /**
   * khugepaged collapse: the range is copied into one new huge page, so every page gets the same new
   * generation (contiguous frames) and is resident. Returns pages moved.
   */
  public long collapse(long startGfn, long endGfn) {
    if (pinned) {
      throw new IllegalStateException("pinned memory cannot be collapsed");
    }
    int gen = 0;
    for (long gfn = startGfn; gfn < Math.min(endGfn, this.endGfn); gfn++) {
      short[] chunk = chunks.get(chunkIndex(gfn));
      if (chunk != null) {
        gen = Math.max(gen, (state(chunk, gfn) & GEN_MASK) + 1);
      }
    }

    long moved = 0;
    boolean someSkipped = pinnedRanges.length > 0;
    for (long gfn = startGfn; gfn < Math.min(endGfn, this.endGfn); gfn++) {
      if (someSkipped && isPinned(gfn)) {
        continue;
      }
      short[] chunk = chunk(gfn);
      STATES.setVolatile(chunk, (int) (gfn & 511), (short) ((gen & GEN_MASK) | RESIDENT));
      moved++;
    }
    if (gen == GENERATIONS) {
      // every page it copied is back at generation 0
      generationWraps.addAndGet(moved);
    }
    return moved;
  }

  private long change(long startGfn, long endGfn, boolean evict) {
    if (pinned) {
      throw new IllegalStateException("pinned memory cannot be reclaimed or moved");
    }
    long changed = 0;
    boolean someSkipped = pinnedRanges.length > 0;
    for (long gfn = startGfn; gfn < Math.min(endGfn, this.endGfn); gfn++) {
      short[] chunk = chunks.get(chunkIndex(gfn));
      if (chunk == null || (someSkipped && isPinned(gfn))) {
        // A pinned page stays where it is: the host finds the pin and leaves it.
        continue;
      }
      int i = (int) (gfn & 511);
      while (true) {
        short old = (short) STATES.getVolatile(chunk, i);
        if ((old & RESIDENT) == 0) {
          break;
        }
        int gen = ((old & GEN_MASK) + 1) & GEN_MASK;
        short next = (short) ((old & ~GEN_MASK & ~RESIDENT) | gen | (evict ? 0 : RESIDENT));
        if (STATES.compareAndSet(chunk, i, old, next)) {
          changed++;
          if (gen == 0) {
            generationWraps.incrementAndGet();
          }
          break;
        }
      }
    }
    return changed;
  }

  /**
   * Pages whose generation wrapped so far ({@link #GENERATIONS} moves or swap-ins of one page): from then on a
   * translation as old as that would pass {@link #isLive}.
   */
  public long generationWraps() {
    return generationWraps.get();
  }

  /** The frame of {@code gfn} at generation {@code gen}; generations below 16 leave the top bits clear. */
  private long pfnAt(int gen, long gfn) {
    return vmBase + ((long) (gen & LOW_GEN_MASK) << spanShift) + gfn
        + ((long) (gen >>> LOW_GEN_BITS) << HIGH_GEN_SHIFT);
  }

  private static int state(short[] chunk, long gfn) {
    return (short) STATES.getVolatile(chunk, (int) (gfn & 511));
  }

  private static int chunkIndex(long gfn) {
    return (int) (gfn >>> CHUNK_SHIFT);
  }

  private short[] chunk(long gfn) {
    int c = chunkIndex(gfn);
    short[] chunk = chunks.get(c);
    if (chunk == null) {
      short[] fresh = new short[1 << CHUNK_SHIFT];
      chunk = chunks.compareAndExchange(c, null, fresh);
      if (chunk == null) {
        chunk = fresh;
      }
    }
    return chunk;
  }
}
