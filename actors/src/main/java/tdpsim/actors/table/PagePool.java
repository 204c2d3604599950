package tdpsim.actors.table;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Source of table pages: 512-entry {@code long[]} arrays named by an {@code int} frame number, the way a
 * non-leaf entry names its child by physical frame. One pool may back several tables (a host's pool) or one.
 *
 * <p>Implementation notes. Frame to page lookup is two array loads: a volatile directory of fixed-size
 * segments ({@value #SEGMENT_SIZE} frames each), then the page slot. The directory only grows, under a lock
 * taken once per segment. Allocation takes no global lock and bumps no shared counter per page: each thread
 * maps (by thread id) to one of several padded magazines of free frames guarded by its own monitor, normally
 * uncontended; an empty magazine refills with a chunk of {@value #CHUNK} frames, first from freed chunks on a
 * lock-free queue, else by reserving {@value #CHUNK} never-used frames with one atomic add. A page is zeroed
 * when it is handed out again, so a freed page keeps its old content until reuse, which is what lets a
 * walker that raced with an unlink read a stale but consistent page until the deferred free is released.
 * Frame 0 is never handed out, so a zero entry cannot be mistaken for a pointer to a real page.
 */
public final class PagePool {
  static final int SEGMENT_SHIFT = 10;
  static final int SEGMENT_SIZE = 1 << SEGMENT_SHIFT;
  static final int CHUNK = 64;
  private static final int MAX_FRAME = Integer.MAX_VALUE - CHUNK;

  private final Object growLock = new Object();
  private final AtomicInteger nextFresh = new AtomicInteger(1);
  private final ConcurrentLinkedQueue<int[]> freedChunks = new ConcurrentLinkedQueue<>();
  private final Magazine[] magazines;
  private final int magazineMask;
  private volatile long[][][] directory = new long[16][][];

  /** A pool with one magazine per two hardware threads' worth of contention (at least 4). */
  public PagePool() {
    int n = Integer.highestOneBit(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()) * 2 - 1);
    magazines = new Magazine[n];
    for (int i = 0; i < n; i++) {
      magazines[i] = new Magazine();
    }
    magazineMask = n - 1;
  }

  /** The page of {@code frame}; the frame must have been handed out by this pool. */
  public long[] page(int frame) {
    return directory[frame >>> SEGMENT_SHIFT][frame & (SEGMENT_SIZE - 1)];
  }

  /** Hands out a zeroed page and returns its frame number. */
  public int allocate() {
    Magazine m = magazine();
    int frame;
    synchronized (m) {
      if (m.count == 0) {
        refill(m);
      }
      frame = m.frames[--m.count];
    }
    long[][] segment = directory[frame >>> SEGMENT_SHIFT];
    int slot = frame & (SEGMENT_SIZE - 1);
    long[] page = segment[slot];
    if (page == null) {
      segment[slot] = new long[PageLevel.ENTRIES_PER_TABLE];
    } else {
      Arrays.fill(page, 0L);
    }
    return frame;
  }

  /**
   * Returns a frame. Only for pages no walker can reach: never published, or unlinked and past the
   * invalidation that a {@link DeferredFree} stands for.
   */
  void free(int frame) {
    Magazine m = magazine();
    synchronized (m) {
      if (m.count == m.frames.length) {
        int[] chunk = Arrays.copyOfRange(m.frames, m.count - CHUNK, m.count);
        m.count -= CHUNK;
        freedChunks.offer(chunk);
      }
      m.frames[m.count++] = frame;
    }
  }

  /** Frames ever handed out are in {@code [1, frameLimit())}. */
  public int frameLimit() {
    return nextFresh.get();
  }

  /** Snapshot of the frames currently free in the pool; exact only while no thread allocates or frees. */
  public BitSet freeFrames() {
    BitSet free = new BitSet();
    for (Magazine m : magazines) {
      synchronized (m) {
        for (int i = 0; i < m.count; i++) {
          free.set(m.frames[i]);
        }
      }
    }
    for (int[] chunk : freedChunks) {
      for (int f : chunk) {
        free.set(f);
      }
    }
    return free;
  }

  private Magazine magazine() {
    return magazines[(int) Thread.currentThread().getId() & magazineMask];
  }

  private void refill(Magazine m) {
    int[] chunk = freedChunks.poll();
    if (chunk != null) {
      System.arraycopy(chunk, 0, m.frames, 0, chunk.length);
      m.count = chunk.length;
      return;
    }
    int base = nextFresh.getAndAdd(CHUNK);
    if (base < 0 || base > MAX_FRAME) {
      throw new IllegalStateException("page pool exhausted: more than 2^31 frames");
    }
    ensureSegments(base + CHUNK - 1);
    for (int i = 0; i < CHUNK; i++) {
      // highest frame on top of the stack is popped last, so frames come out in ascending order
      m.frames[i] = base + CHUNK - 1 - i;
    }
    m.count = CHUNK;
  }

  private void ensureSegments(int lastFrame) {
    int seg = lastFrame >>> SEGMENT_SHIFT;
    long[][][] dir = directory;
    if (seg < dir.length && dir[seg] != null) {
      return;
    }
    synchronized (growLock) {
      dir = directory;
      if (seg >= dir.length) {
        dir = Arrays.copyOf(dir, Math.max(dir.length * 2, seg + 1));
      }
      for (int s = 0; s <= seg; s++) {
        if (dir[s] == null) {
          dir[s] = new long[SEGMENT_SIZE][];
        }
      }
      directory = dir;
    }
  }

  /** Free frames of one thread group, padded against false sharing with its neighbours. */
  @SuppressWarnings("unused")
  private static final class Magazine {
    long p0, p1, p2, p3, p4, p5, p6;
    final int[] frames = new int[2 * CHUNK];
    int count;
    long q0, q1, q2, q3, q4, q5, q6;
  }
}
