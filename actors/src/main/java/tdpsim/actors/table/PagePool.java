package tdpsim.actors.table;

import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Source of table pages: 512-entry {@code long[]} arrays named by an {@code int} frame number, the way a
 * non-leaf entry names its child by physical frame. One pool may back several tables (a host's pool) or one.
 *
 * <p>Implementation notes. Frame to page lookup is one volatile read and one array load: a flat directory
 * of page references, indexed by frame, that only grows. All writes to the directory (new pages, growth by
 * copying) happen under {@code growLock}, taken once per {@value #CHUNK} never-used frames, so no write can be
 * lost to a concurrent copy. Allocation takes no global lock and bumps no shared counter per page: each thread
 * maps (by thread id) to one of several padded magazines of free frames guarded by its own monitor, normally
 * uncontended; an empty magazine refills with a chunk of {@value #CHUNK} frames, first from freed chunks on a
 * lock-free queue, else by creating {@value #CHUNK} fresh pages under {@code growLock}. A page is zeroed when it
 * is handed out, not when it is freed, so a walker that raced with an unlink reads a stale but consistent page
 * until the deferred free is released. Frame 0 is never handed out, so a zero entry cannot be mistaken for a
 * pointer to a real page.
 */
public final class PagePool {
  static final int CHUNK = 64;
  private static final int MAX_FRAME = Integer.MAX_VALUE - CHUNK;

  private final Object growLock = new Object();
  /** Next never-used frame; written under growLock, read by frameLimit(). */
  private final AtomicInteger nextFresh = new AtomicInteger(1);
  private final ConcurrentLinkedQueue<int[]> freedChunks = new ConcurrentLinkedQueue<>();
  private final Magazine[] magazines;
  private final int magazineMask;
  private volatile long[][] directory = new long[1024][];

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
  long[] page(int frame) {
    return directory[frame];
  }

  /** Hands out a zeroed page and returns its frame number. */
  int allocate() {
    Magazine m = magazine();
    int frame;
    synchronized (m) {
      if (m.count == 0) {
        refill(m);
      }
      frame = m.frames[--m.count];
    }
    Arrays.fill(directory[frame], 0L);
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
    int base;
    synchronized (growLock) {
      base = nextFresh.get();
      if (base > MAX_FRAME) {
        throw new IllegalStateException("page pool exhausted: more than 2^31 frames");
      }
      long[][] dir = directory;
      if (base + CHUNK > dir.length) {
        dir = Arrays.copyOf(dir, (int) Math.min(Integer.MAX_VALUE, Math.max(2L * dir.length, base + CHUNK)));
      }
      for (int f = base; f < base + CHUNK; f++) {
        dir[f] = new long[PageLevel.ENTRIES_PER_TABLE];
      }
      directory = dir;
      nextFresh.set(base + CHUNK);
    }
    for (int i = 0; i < CHUNK; i++) {
      // highest frame at the bottom of the stack, so frames come out in ascending order
      m.frames[i] = base + CHUNK - 1 - i;
    }
    m.count = CHUNK;
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
