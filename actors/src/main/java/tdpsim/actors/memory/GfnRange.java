package tdpsim.actors.memory;

/** A guest-physical range {@code [startGfn, endGfn)} in 4 KiB frames. */
public record GfnRange(long startGfn, long endGfn) {
  public GfnRange {
    if (startGfn < 0 || endGfn < startGfn) {
      throw new IllegalArgumentException("bad gfn range [" + startGfn + ", " + endGfn + ")");
    }
  }

  public boolean contains(long gfn) {
    return gfn >= startGfn && gfn < endGfn;
  }

  public long pages() {
    return endGfn - startGfn;
  }
}
