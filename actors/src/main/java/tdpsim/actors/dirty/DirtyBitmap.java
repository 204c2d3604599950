package tdpsim.actors.dirty;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A concurrent bitmap over a VM's guest pages (bit = gfn): KVM's dirty bitmap fed by PML and write-protection
 * faults, and the oracle's ground truth. Writers set bits with an atomic OR on their own word; readers take
 * whole words with an atomic exchange, so no write between a take and the next one is lost.
 */
public final class DirtyBitmap {
  private final AtomicLongArray words;
  private final long pages;

  public DirtyBitmap(long pages) {
    this.pages = pages;
    this.words = new AtomicLongArray((int) ((pages + 63) >>> 6));
  }

  public long pages() {
    return pages;
  }

  public void set(long gfn) {
    if (gfn < 0 || gfn >= pages) {
      return;
    }
    int w = (int) (gfn >>> 6);
    long bit = 1L << (gfn & 63);
    if ((words.get(w) & bit) == 0) {
      words.getAndAccumulate(w, bit, (a, b) -> a | b);
    }
  }

  public void setRange(long gfn, long count) {
    for (long g = gfn; g < gfn + count; g++) {
      set(g);
    }
  }

  public boolean get(long gfn) {
    return gfn >= 0 && gfn < pages && (words.get((int) (gfn >>> 6)) & (1L << (gfn & 63))) != 0;
  }

  /** Move every set bit into {@code into} (OR) and clear it here; returns the bits moved. */
  public long drainInto(long[] into) {
    long n = 0;
    for (int w = 0; w < words.length(); w++) {
      if (words.get(w) != 0) {
        long v = words.getAndSet(w, 0);
        into[w] |= v;
        n += Long.bitCount(v);
      }
    }
    return n;
  }

  /** Clear every bit that is set in {@code sent}. */
  public void clear(long[] sent) {
    for (int w = 0; w < words.length() && w < sent.length; w++) {
      long mask = sent[w];
      if (mask != 0 && (words.get(w) & mask) != 0) {
        words.getAndAccumulate(w, ~mask, (a, b) -> a & b);
      }
    }
  }

  public void clearAll() {
    for (int w = 0; w < words.length(); w++) {
      words.set(w, 0);
    }
  }

  public long count() {
    long n = 0;
    for (int w = 0; w < words.length(); w++) {
      n += Long.bitCount(words.get(w));
    }
    return n;
  }

  /** A plain bitmap of the same size, for harvests. */
  public long[] newWords() {
    return new long[words.length()];
  }
}
