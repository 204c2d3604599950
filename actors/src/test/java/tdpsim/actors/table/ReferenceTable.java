package tdpsim.actors.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sequential model of {@link SharedPageTable}: leaves in a sorted map keyed by base gfn, table pages as sets
 * of base gfns per level. Slow and obviously correct, for op-by-op comparison in randomized tests.
 */
final class ReferenceTable {
  static final class Leaf {
    final int level;
    final long pfn;
    int perms;
    boolean accessed;
    boolean dirty;

    Leaf(int level, long pfn, int perms, boolean accessed, boolean dirty) {
      this.level = level;
      this.pfn = pfn;
      this.perms = perms;
      this.accessed = accessed;
      this.dirty = dirty;
    }

    long span() {
      return PageLevel.pages4k(level);
    }
  }

  final int levels;
  final int maxLeafLevel;
  final TreeMap<Long, Leaf> leaves = new TreeMap<>();
  /** tables[l] = base gfns of the table pages of level l (the page's entries are level-l entries). */
  final List<TreeSet<Long>> tables = new ArrayList<>();

  ReferenceTable(int levels, int maxLeafLevel) {
    this.levels = levels;
    this.maxLeafLevel = maxLeafLevel;
    for (int l = 0; l <= levels; l++) {
      tables.add(new TreeSet<>());
    }
    tables.get(levels).add(0L);
  }

  Leaf covering(long gfn) {
    Map.Entry<Long, Leaf> e = leaves.floorEntry(gfn);
    if (e != null && gfn < e.getKey() + e.getValue().span()) {
      return e.getValue();
    }
    return null;
  }

  long baseOf(long gfn) {
    return leaves.floorKey(gfn);
  }

  MapResult map(long gfn, int level, long pfn, int perms) {
    int goal = Math.min(level, maxLeafLevel);
    long span = PageLevel.pages4k(goal);
    long base = gfn & -span;
    long basePfn = pfn - (gfn - base);
    for (int l = levels; l >= goal; l--) {
      long entryBase = base & -PageLevel.pages4k(l);
      Leaf leaf = leaves.get(entryBase);
      if (leaf != null && leaf.level == l) {
        if (leaf.pfn + (base - entryBase) != basePfn) {
          return MapResult.CONFLICT;
        }
        if ((perms & ~leaf.perms) == 0) {
          return MapResult.ALREADY_PRESENT;
        }
        leaf.perms |= perms;
        return MapResult.UPGRADED;
      }
      if (l == goal) {
        if (tables.get(l - 1 < 1 ? 0 : l - 1).contains(entryBase) && l > 1) {
          return MapResult.CONFLICT;
        }
        leaves.put(base, new Leaf(goal, basePfn, perms, false, false));
        return MapResult.INSTALLED;
      }
      tables.get(l - 1).add(entryBase);
    }
    throw new AssertionError("unreachable");
  }

  long translate(long gfn, int access, int walkerMax) {
    Leaf leaf = covering(gfn);
    if (leaf == null) {
      return Walk.NOT_PRESENT;
    }
    if (leaf.level > walkerMax) {
      return Walk.LEAF_TOO_LARGE;
    }
    if ((access & ~leaf.perms) != 0) {
      return Walk.PERMISSION;
    }
    leaf.accessed = true;
    if ((access & Spte.ACC_WRITE) != 0) {
      leaf.dirty = true;
    }
    return Walk.success(leaf.pfn + (gfn - baseOf(gfn)), leaf.level);
  }

  long lookup(long gfn) {
    Leaf leaf = covering(gfn);
    return leaf == null ? Walk.NOT_PRESENT : Walk.success(leaf.pfn + (gfn - baseOf(gfn)), leaf.level);
  }

  /** Leaves overlapping [s, e), as (base, leaf) entries in a copy. */
  List<Map.Entry<Long, Leaf>> overlapping(long s, long e) {
    Long from = leaves.floorKey(s);
    List<Map.Entry<Long, Leaf>> out = new ArrayList<>();
    for (Map.Entry<Long, Leaf> en : leaves.subMap(from == null ? s : from, true, e, false).entrySet()) {
      if (en.getKey() + en.getValue().span() > s) {
        out.add(Map.entry(en.getKey(), en.getValue()));
      }
    }
    return out;
  }

  /** Returns {leafs L1, L2, L3, pages4k, tablesUnlinked, partial, flushStart, flushEnd}. */
  long[] zap(long s, long e) {
    long[] r = new long[8];
    r[6] = Long.MAX_VALUE;
    r[7] = Long.MIN_VALUE;
    for (Map.Entry<Long, Leaf> en : overlapping(s, e)) {
      Leaf leaf = en.getValue();
      long b = en.getKey();
      leaves.remove(b);
      r[leaf.level - 1]++;
      r[3] += leaf.span();
      if (b < s || b + leaf.span() > e) {
        r[5]++;
      }
      r[6] = Math.min(r[6], b);
      r[7] = Math.max(r[7], b + leaf.span());
    }
    for (int l = 1; l < levels; l++) {
      long pageSpan = PageLevel.pages4k(l) * 512;
      NavigableSet<Long> inside = tables.get(l).subSet(s, true, e, false);
      for (Long b : new ArrayList<>(inside)) {
        if (b + pageSpan <= e) {
          inside.remove(b);
          r[4]++;
          r[6] = Math.min(r[6], b);
          r[7] = Math.max(r[7], b + pageSpan);
        }
      }
    }
    return r;
  }

  boolean split(long gfn, int level) {
    Leaf leaf = covering(gfn);
    if (leaf == null || leaf.level != level) {
      return false;
    }
    long base = baseOf(gfn);
    leaves.remove(base);
    long childSpan = PageLevel.pages4k(level - 1);
    for (int j = 0; j < 512; j++) {
      leaves.put(base + j * childSpan,
          new Leaf(level - 1, leaf.pfn + j * childSpan, leaf.perms, leaf.accessed, leaf.dirty));
    }
    tables.get(level - 1).add(base);
    return true;
  }

  /** Returns {status, leafsReplaced, tablesUnlinked}. */
  long[] collapse(long gfn, int level, long newPfn, int perms) {
    if (level > maxLeafLevel) {
      return new long[] {CollapseResult.LEVEL_NOT_ALLOWED, 0, 0};
    }
    long span = PageLevel.pages4k(level);
    long base = gfn & -span;
    if (!tables.get(level - 1).contains(base)) {
      return new long[] {CollapseResult.NO_TABLE, 0, 0};
    }
    long pfn = newPfn;
    if (newPfn < 0) {
      long childSpan = PageLevel.pages4k(level - 1);
      Leaf first = leaves.get(base);
      if (first == null || first.level != level - 1 || (first.pfn & (span - 1)) != 0) {
        return new long[] {CollapseResult.NOT_CONTIGUOUS, 0, 0};
      }
      for (int j = 1; j < 512; j++) {
        Leaf l = leaves.get(base + j * childSpan);
        if (l == null || l.level != level - 1 || l.pfn != first.pfn + j * childSpan) {
          return new long[] {CollapseResult.NOT_CONTIGUOUS, 0, 0};
        }
      }
      pfn = first.pfn;
    }
    boolean a = false;
    boolean d = false;
    long replaced = 0;
    for (Map.Entry<Long, Leaf> en : overlapping(base, base + span)) {
      a |= en.getValue().accessed;
      d |= en.getValue().dirty;
      leaves.remove(en.getKey());
      replaced++;
    }
    long unlinked = 0;
    for (int l = 1; l < level; l++) {
      NavigableSet<Long> inside = tables.get(l).subSet(base, true, base + span, false);
      unlinked += inside.size();
      inside.clear();
    }
    leaves.put(base, new Leaf(level, pfn, perms, a, d));
    return new long[] {CollapseResult.COLLAPSED, replaced, unlinked};
  }

  long writeProtect(long s, long e) {
    long n = 0;
    for (Map.Entry<Long, Leaf> en : overlapping(s, e)) {
      Leaf l = en.getValue();
      if ((l.perms & Spte.ACC_WRITE) != 0) {
        l.perms &= ~Spte.ACC_WRITE;
        n++;
      }
    }
    return n;
  }

  long harvest(long s, long e, long[] bitmap, boolean clear, boolean dirty) {
    long n = 0;
    for (Map.Entry<Long, Leaf> en : overlapping(s, e)) {
      Leaf l = en.getValue();
      long b = en.getKey();
      if (dirty ? !l.dirty : !l.accessed) {
        continue;
      }
      long lo = Math.max(b, s);
      long hi = Math.min(b + l.span(), e);
      for (long g = lo; g < hi; g++) {
        bitmap[(int) ((g - s) >>> 6)] |= 1L << (g - s);
      }
      n += hi - lo;
      if (clear && b >= s && b + l.span() <= e) {
        if (dirty) {
          l.dirty = false;
        } else {
          l.accessed = false;
        }
      }
    }
    return n;
  }

  long[] pagesByLevel() {
    long[] by = new long[levels + 1];
    for (int l = 1; l <= levels; l++) {
      by[l] = tables.get(l).size();
    }
    return by;
  }
}
