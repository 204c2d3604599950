package tdpsim.actors.stats;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.ZapCause;

/**
 * One entity's counters and latency histograms. Each actor owns one (no shared counter on any hot path); the
 * machine merges them at the end. Not thread-safe: the owning actor only.
 *
 * <p>Sized for a million owners (issue 7's entity-scale check): everything but the fixed counters is allocated
 * on first use, and a latency kind keeps its first {@link #RAW_LATENCIES} values as they are before it switches
 * to an HdrHistogram, whose counts array alone is ~10 KiB for values up to 100 us. {@link #toStats()} records
 * the raw values into a histogram then, so the figures are the same either way.
 */
public final class Recorder {
  /** Prefix of per-cause zap counters in {@link EntityStats#counters()}. */
  public static final String ZAP_PREFIX = "zap.";
  /** Prefix of per-cause avoided-zap counters. */
  public static final String ZAP_AVOIDED_PREFIX = "zapAvoided.";
  private static final int MAX_VIOLATIONS = 20;
  /** Values per latency kind kept raw before an HdrHistogram takes over. */
  static final int RAW_LATENCIES = 128;
  private static final int FIRST_RAW_CAPACITY = 8;
  private static final int ZAP_CAUSES = ZapCause.values().length;

  /** Scratch for {@link #encode}: a million entities each allocating a 10 KiB buffer at the end add up. */
  private static final ThreadLocal<ByteBuffer> ENCODE_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));

  private final String entity;
  private final long[] counters = new long[Counter.values().length];
  /** Per cause: zaps at [cause], avoided zaps at [ZAP_CAUSES + cause]; null until the first. */
  private long[] zaps;
  /** Per latency kind: null, a {@code long[]} of raw values (count in {@link #rawCounts}) or a Histogram. */
  private Object[] latencies;
  private int[] rawCounts;
  private Map<String, Long> extra;
  private List<String> violations;

  public Recorder(String entity) {
    this.entity = entity;
  }

  public void inc(Counter c) {
    counters[c.ordinal()]++;
  }

  public void add(Counter c, long n) {
    counters[c.ordinal()] += n;
  }

  public long get(Counter c) {
    return counters[c.ordinal()];
  }

  public void zap(ZapCause cause) {
    counters[Counter.ZAPS.ordinal()]++;
    zaps()[cause.ordinal()]++;
  }

  public void zapAvoided(ZapCause cause) {
    counters[Counter.ZAPS_AVOIDED.ordinal()]++;
    zaps()[ZAP_CAUSES + cause.ordinal()]++;
  }

  private long[] zaps() {
    if (zaps == null) {
      zaps = new long[2 * ZAP_CAUSES];
    }
    return zaps;
  }

  public void record(LatencyKind kind, long ns) {
    long v = Math.max(0, ns);
    if (latencies == null) {
      latencies = new Object[LatencyKind.values().length];
      rawCounts = new int[latencies.length];
    }
    int k = kind.ordinal();
    Object l = latencies[k];
    if (l instanceof Histogram h) {
      h.recordValue(v);
      return;
    }
    long[] raw = (long[]) l;
    int n = rawCounts[k];
    if (raw == null || n == raw.length) {
      if (n == RAW_LATENCIES) {
        Histogram h = histogramOf(raw, n);
        h.recordValue(v);
        latencies[k] = h;
        return;
      }
      raw = raw == null ? new long[FIRST_RAW_CAPACITY] : Arrays.copyOf(raw, 2 * n);
      latencies[k] = raw;
    }
    raw[n] = v;
    rawCounts[k] = n + 1;
  }

  /** A histogram of the raw values, sized for their maximum at once (no resize while recording). */
  private static Histogram histogramOf(long[] raw, int n) {
    long max = 2;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, raw[i]);
    }
    Histogram h = new Histogram(1, max, 2);
    h.setAutoResize(true);
    for (int i = 0; i < n; i++) {
      h.recordValue(raw[i]);
    }
    return h;
  }

  /** A named figure outside the fixed counters (table footprints, pinned bytes). */
  public void put(String name, long value) {
    if (extra == null) {
      extra = new LinkedHashMap<>();
    }
    extra.put(name, value);
  }

  /** Record an invariant violation (the first few are kept verbatim). */
  public void violation(String what) {
    counters[Counter.INVARIANT_VIOLATIONS.ordinal()]++;
    if (violations == null) {
      violations = new ArrayList<>();
    }
    if (violations.size() < MAX_VIOLATIONS) {
      violations.add(entity + ": " + what);
    }
  }

  /**
   * HdrHistogram's plain V2 encoding (sparse, zig-zag LEB128 counts, a few dozen bytes for a few values), not
   * the compressed one: a Deflater per entity cost more than the rest of the end-of-run report at a million
   * entities, for 2 bytes saved on a sparse histogram. {@link StatsMerger} decodes it.
   */
  static byte[] encode(Histogram h) {
    int needed = h.getNeededByteBufferCapacity();
    ByteBuffer buf = ENCODE_BUFFER.get();
    if (buf.capacity() < needed) {
      buf = ByteBuffer.allocate(Math.max(needed, 2 * buf.capacity()));
      ENCODE_BUFFER.set(buf);
    }
    buf.clear();
    int n = h.encodeIntoByteBuffer(buf);
    byte[] bytes = new byte[n];
    buf.flip();
    buf.get(bytes);
    return bytes;
  }

  /**
   * Heap this recorder holds beyond its fixed counters, in bytes: raw latency arrays, histograms' counts and
   * the zap arrays (array payloads only; for tests and sizing).
   */
  long retainedPayloadBytes() {
    long bytes = zaps == null ? 0 : 8L * zaps.length;
    if (latencies != null) {
      for (Object l : latencies) {
        if (l instanceof Histogram h) {
          bytes += h.getEstimatedFootprintInBytes();
        } else if (l instanceof long[] raw) {
          bytes += 8L * raw.length;
        }
      }
    }
    return bytes;
  }

  public long violations() {
    return counters[Counter.INVARIANT_VIOLATIONS.ordinal()];
  }

  public EntityStats toStats() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Counter c : Counter.values()) {
      if (counters[c.ordinal()] != 0) {
        out.put(c.reportName(), counters[c.ordinal()]);
      }
    }
    for (ZapCause cause : ZapCause.values()) {
      if (zaps != null && zaps[cause.ordinal()] != 0) {
        out.put(ZAP_PREFIX + cause.configName(), zaps[cause.ordinal()]);
      }
      if (zaps != null && zaps[ZAP_CAUSES + cause.ordinal()] != 0) {
        out.put(ZAP_AVOIDED_PREFIX + cause.configName(), zaps[ZAP_CAUSES + cause.ordinal()]);
      }
    }
    if (extra != null) {
      out.putAll(extra);
    }
    Map<String, byte[]> hist = new LinkedHashMap<>();
    for (LatencyKind k : LatencyKind.values()) {
      Object l = latencies == null ? null : latencies[k.ordinal()];
      Histogram h = l instanceof long[] raw ? histogramOf(raw, rawCounts[k.ordinal()]) : (Histogram) l;
      if (h != null && h.getTotalCount() > 0) {
        hist.put(k.reportName(), encode(h));
      }
    }
    return new EntityStats(entity, out, hist, violations == null ? List.of() : violations);
  }
}
