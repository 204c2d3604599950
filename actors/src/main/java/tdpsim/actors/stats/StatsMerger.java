package tdpsim.actors.stats;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.MigrationReport;

/**
 * Adds up the stats of many entities: counters summed, histograms merged, violations concatenated, migration
 * reports kept by VM.
 */
public final class StatsMerger {
  private final Map<String, Long> counters = new TreeMap<>();
  private final Map<String, Histogram> histograms = new TreeMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Map<Integer, MigrationReport> migrations = new TreeMap<>();

  public StatsMerger add(EntityStats s) {
    s.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
    s.latencyHistograms().forEach((k, bytes) -> histograms.merge(k, decode(bytes), (a, b) -> {
      a.add(b);
      return a;
    }));
    violations.addAll(s.invariantViolations());
    if (s.migration() != null) {
      migrations.put(s.migration().vm(), s.migration());
    }
    return this;
  }

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** All counters, sorted by name (deterministic). */
  public Map<String, Long> counters() {
    return new LinkedHashMap<>(counters);
  }

  public Map<String, Histogram> histograms() {
    return new LinkedHashMap<>(histograms);
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** The migrations reported, by VM index ascending; empty when nothing migrated. */
  public List<MigrationReport> migrations() {
    return List.copyOf(migrations.values());
  }

  /** The plain (uncompressed) V2 encoding {@link Recorder#toStats()} writes. */
  private static Histogram decode(byte[] bytes) {
    try {
      return Histogram.decodeFromByteBuffer(ByteBuffer.wrap(bytes), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("corrupt latency histogram", e);
    }
  }
}
