package tdpsim.main.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One combination of axis values. Every design of the sweep runs the point with the same seed, so the designs
 * are compared on the same workload.
 *
 * @param index position in the cartesian product (the last axis varies fastest), from 0
 * @param seed the scenario seed of this point, {@link SweepPlan#pointSeed(long, int)}
 * @param valueIndexes for each axis of the plan, the index of this point's value
 * @param overrides full key paths to values layered on the base scenario (template with variables substituted,
 *     then the parameter keys)
 */
public record SweepPoint(int index, long seed, List<Integer> valueIndexes, Map<String, Object> overrides) {
  public SweepPoint {
    valueIndexes = List.copyOf(valueIndexes);
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }
}
