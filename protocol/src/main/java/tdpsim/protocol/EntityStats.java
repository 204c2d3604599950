package tdpsim.protocol;

import java.util.List;
import java.util.Map;

/**
 * One simulated entity's figures at the end of a run: named counters, latency histograms (HdrHistogram's
 * plain V2 encoding, {@code encodeIntoByteBuffer}; virtual nanoseconds) and invariant violations it detected.
 */
public record EntityStats(
    String entity,
    Map<String, Long> counters,
    Map<String, byte[]> latencyHistograms,
    List<String> invariantViolations)
    implements SimMessage {
  public EntityStats {
    counters = Map.copyOf(counters);
    latencyHistograms = Map.copyOf(latencyHistograms);
    invariantViolations = List.copyOf(invariantViolations);
  }
}
