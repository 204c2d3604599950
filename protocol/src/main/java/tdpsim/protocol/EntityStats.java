package tdpsim.protocol;

import java.util.List;
import java.util.Map;

/**
 * One simulated entity's figures at the end of a run: named counters, latency histograms (HdrHistogram's
 * plain V2 encoding, {@code encodeIntoByteBuffer}; virtual nanoseconds) and invariant violations it detected.
 *
 * @param migration what a migration actor reports of its VM's migration; null for every other entity, and for a
 *     migration that had not started copying when the run ended
 */
public record EntityStats(
    String entity,
    Map<String, Long> counters,
    Map<String, byte[]> latencyHistograms,
    List<String> invariantViolations,
    MigrationReport migration)
    implements SimMessage {
  public EntityStats {
    counters = Map.copyOf(counters);
    latencyHistograms = Map.copyOf(latencyHistograms);
    invariantViolations = List.copyOf(invariantViolations);
  }

  /** The stats of an entity that is not a migration. */
  public EntityStats(String entity, Map<String, Long> counters, Map<String, byte[]> latencyHistograms,
      List<String> invariantViolations) {
    this(entity, counters, latencyHistograms, invariantViolations, null);
  }
}
