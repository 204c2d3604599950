package tdpsim.main.sweep;

import java.util.List;

/**
 * What a sweep produced so far: the plan, the results of the finished items in item order, and whether every item
 * finished sound.
 *
 * @param results finished items, sorted by {@link tdpsim.main.work.WorkItem#index()}; items that never ran
 *     (interrupted sweep) are absent
 * @param complete true when every item of the plan finished with a complete result
 * @param incompleteReason why the sweep is incomplete, or null
 * @param wallSeconds wall-clock time of the sweep so far
 */
public record SweepResult(SweepPlan plan, List<PointResult> results, boolean complete, String incompleteReason,
    double wallSeconds) {
  public SweepResult {
    results = List.copyOf(results);
  }

  /** Number of items that failed or stopped early. */
  public long problems() {
    return results.stream().filter(r -> r.problem() != null).count();
  }
}
