package tdpsim.main.work;

import java.util.Map;
import java.util.Objects;
import tdpsim.protocol.Mode;

/**
 * One unit of experiment work: a scenario (a file path or {@link LoadedScenario#BUILTIN}) with overrides, run in
 * one design with one seed. Running the same item twice gives the same result in deterministic mode, so a
 * sweep point or a cluster assignment can be re-run after a failure.
 *
 * @param index position in its experiment (sweep point number), for ordering results
 * @param overrides full key paths to values, as {@code ScenarioLoader.load(Path, Map)} takes them
 */
public record WorkItem(int index, String scenario, Map<String, Object> overrides, Mode mode, long seed,
    boolean deterministic) {
  public WorkItem {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(mode, "mode");
    overrides = Map.copyOf(overrides);
  }
}
