package tdpsim.actors.stats;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.ZapCause;

/**
 * One entity's counters and latency histograms. Each actor owns one (no shared counter on any hot path); the
 * machine merges them at the end. Not thread-safe: the owning actor only.
 */
public final class Recorder {
  /** Prefix of per-cause zap counters in {@link EntityStats#counters()}. */
  public static final String ZAP_PREFIX = "zap.";
  /** Prefix of per-cause avoided-zap counters. */
  public static final String ZAP_AVOIDED_PREFIX = "zapAvoided.";
  private static final int MAX_VIOLATIONS = 20;

  private final String entity;
  private final long[] counters = new long[Counter.values().length];
  private final long[] zapsByCause = new long[ZapCause.values().length];
  private final long[] zapsAvoidedByCause = new long[ZapCause.values().length];
  private final Histogram[] histograms = new Histogram[LatencyKind.values().length];
  private final Map<String, Long> extra = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();

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
    zapsByCause[cause.ordinal()]++;
  }

  public void zapAvoided(ZapCause cause) {
    counters[Counter.ZAPS_AVOIDED.ordinal()]++;
    zapsAvoidedByCause[cause.ordinal()]++;
  }

  public void record(LatencyKind kind, long ns) {
    Histogram h = histograms[kind.ordinal()];
    if (h == null) {
      h = new Histogram(2);
      histograms[kind.ordinal()] = h;
    }
    h.recordValue(Math.max(0, ns));
  }

  /** A named figure outside the fixed counters (table footprints, pinned bytes). */
  public void put(String name, long value) {
    extra.put(name, value);
  }

  /** Record an invariant violation (the first few are kept verbatim). */
  public void violation(String what) {
    counters[Counter.INVARIANT_VIOLATIONS.ordinal()]++;
    if (violations.size() < MAX_VIOLATIONS) {
      violations.add(entity + ": " + what);
    }
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
      if (zapsByCause[cause.ordinal()] != 0) {
        out.put(ZAP_PREFIX + cause.configName(), zapsByCause[cause.ordinal()]);
      }
      if (zapsAvoidedByCause[cause.ordinal()] != 0) {
        out.put(ZAP_AVOIDED_PREFIX + cause.configName(), zapsAvoidedByCause[cause.ordinal()]);
      }
    }
    out.putAll(extra);
    Map<String, byte[]> hist = new LinkedHashMap<>();
    for (LatencyKind k : LatencyKind.values()) {
      Histogram h = histograms[k.ordinal()];
      if (h != null && h.getTotalCount() > 0) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[n];
        buf.flip();
        buf.get(bytes);
        hist.put(k.reportName(), bytes);
      }
    }
    return new EntityStats(entity, out, hist, violations);
  }
}
