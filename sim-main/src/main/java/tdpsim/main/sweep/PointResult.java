package tdpsim.main.sweep;

import java.util.Objects;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;

/**
 * What one work item (a point in one design) gave: a result, or the reason it failed.
 *
 * @param result the design's result; null when the item failed
 * @param error why the item failed (exception message), or null
 */
public record PointResult(WorkItem item, ModeResult result, String error) {
  public PointResult {
    Objects.requireNonNull(item, "item");
    if ((result == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of result and error");
    }
  }

  public static PointResult ok(WorkItem item, ModeResult result) {
    return new PointResult(item, Objects.requireNonNull(result, "result"), null);
  }

  public static PointResult failed(WorkItem item, String error) {
    return new PointResult(item, null, Objects.requireNonNull(error, "error"));
  }

  /** {@code ok}, {@code incomplete} (the run stopped early) or {@code failed} (no result). */
  public String status() {
    if (result == null) {
      return "failed";
    }
    return result.complete() ? "ok" : "incomplete";
  }

  /** Why this item is not a sound, complete result, or null: the failure, the stop reason, or violations. */
  public String problem() {
    if (result == null) {
      return error;
    }
    if (!result.complete()) {
      return result.stopReason();
    }
    return null;
  }
}
