package tdpsim.actors.memory;

import java.util.List;
import tdpsim.actors.table.PageLevel;

/**
 * A VM's memslots: guest-physical ranges, each backed by host pages of one size. It answers which leaf level a
 * fault may install (the largest aligned page that lies wholly inside one slot and that the backing and the
 * table allow), as KVM's max-mapping-level logic does.
 */
public final class GuestLayout {
  /** One memslot: {@code [startGfn, endGfn)} backed by pages whose leaf level is {@code backingLevel}. */
  public record Memslot(long startGfn, long endGfn, int backingLevel) {
    public Memslot {
      if (endGfn <= startGfn) {
        throw new IllegalArgumentException("empty memslot " + startGfn + ".." + endGfn);
      }
      if (backingLevel < 1 || backingLevel > 3) {
        throw new IllegalArgumentException("backing level " + backingLevel);
      }
    }

    public long pages() {
      return endGfn - startGfn;
    }
  }

  private final long[] starts;
  private final long[] ends;
  private final int[] levels;

  public GuestLayout(List<Memslot> slots) {
    List<Memslot> sorted = slots.stream().sorted((a, b) -> Long.compare(a.startGfn(), b.startGfn())).toList();
    starts = new long[sorted.size()];
    ends = new long[sorted.size()];
    levels = new int[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      Memslot s = sorted.get(i);
      if (i > 0 && s.startGfn() < ends[i - 1]) {
        throw new IllegalArgumentException("overlapping memslots at gfn " + s.startGfn());
      }
      starts[i] = s.startGfn();
      ends[i] = s.endGfn();
      levels[i] = s.backingLevel();
    }
  }

  public int slotCount() {
    return starts.length;
  }

  public Memslot slot(int i) {
    return new Memslot(starts[i], ends[i], levels[i]);
  }

  /** Index of the slot holding {@code gfn}, or -1 when the gfn is outside every memslot. */
  public int slotOf(long gfn) {
    int lo = 0;
    int hi = starts.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (gfn < starts[mid]) {
        hi = mid - 1;
      } else if (gfn >= ends[mid]) {
        lo = mid + 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /**
   * The largest leaf level, at most {@code cap}, whose aligned page around {@code gfn} lies wholly inside the
   * gfn's slot and whose size the backing provides; 0 when the gfn is outside every slot.
   */
  public int maxMappingLevel(long gfn, int cap) {
    int slot = slotOf(gfn);
    if (slot < 0) {
      return 0;
    }
    int level = Math.min(cap, levels[slot]);
    while (level > 1) {
      long pages = PageLevel.pages4k(level);
      long base = gfn & ~(pages - 1);
      if (base >= starts[slot] && base + pages <= ends[slot]) {
        break;
      }
      level--;
    }
    return level;
  }

  /** Total guest pages (4 KiB) over all slots. */
  public long totalPages() {
    long total = 0;
    for (int i = 0; i < starts.length; i++) {
      total += ends[i] - starts[i];
    }
    return total;
  }

  /** One past the highest gfn of any slot. */
  public long endGfn() {
    return starts.length == 0 ? 0 : ends[ends.length - 1];
  }
}
