package tdpsim.actors.dirty;

/**
 * The lost-write oracle of a migration: every write by a vCPU or a device after tracking started is recorded
 * here, independently of the page table and of the design's dirty tracking. A page leaves the "unsent" set
 * only when the migration copies it; whatever is still unsent after the final copy was written and never sent
 * after its last write: a lost write (the destination would run with stale memory).
 */
public final class WriteOracle {
  private final DirtyBitmap unsent;
  private final DirtyBitmap cpuRound;
  private final DirtyBitmap deviceRound;
  private volatile boolean active;

  public WriteOracle(long pages) {
    unsent = new DirtyBitmap(pages);
    cpuRound = new DirtyBitmap(pages);
    deviceRound = new DirtyBitmap(pages);
  }

  /** Tracking starts: writes from now on are recorded. */
  public void start() {
    active = true;
  }

  public boolean isActive() {
    return active;
  }

  public void cpuWrite(long gfn) {
    if (active) {
      unsent.set(gfn);
      cpuRound.set(gfn);
    }
  }

  public void deviceWrite(long gfn) {
    if (active) {
      unsent.set(gfn);
      deviceRound.set(gfn);
    }
  }

  /** Pages written in the round now ending, by the CPU only, by devices only, and by both; resets the round. */
  public long[] takeRound() {
    long[] cpu = cpuRound.newWords();
    long[] dev = deviceRound.newWords();
    cpuRound.drainInto(cpu);
    deviceRound.drainInto(dev);
    long cpuOnly = 0;
    long devOnly = 0;
    long both = 0;
    for (int w = 0; w < cpu.length; w++) {
      both += Long.bitCount(cpu[w] & dev[w]);
      cpuOnly += Long.bitCount(cpu[w] & ~dev[w]);
      devOnly += Long.bitCount(dev[w] & ~cpu[w]);
    }
    return new long[] {cpuOnly, devOnly, both};
  }

  /** The migration copied these pages (bit = gfn): their writes so far reached the destination. */
  public void markSent(long[] sent) {
    unsent.clear(sent);
  }

  /** Up to {@code n} of the lowest gfns written and not sent since, for reports. */
  public long[] firstUnsent(int n) {
    long[] out = new long[n];
    int found = 0;
    for (long gfn = 0; gfn < unsent.pages() && found < n; gfn++) {
      if (unsent.get(gfn)) {
        out[found++] = gfn;
      }
    }
    return java.util.Arrays.copyOf(out, found);
  }

  /** Written and not sent since their last write. */
  public long unsentPages() {
    return unsent.count();
  }
}
