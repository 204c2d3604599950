package tdpsim.main.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run produced: the scenario and seed that reproduce it, one {@link ModeReport} per design run, and
 * the simulator's own performance.
 *
 * @param scenario scenario name (preset or config file)
 * @param origin where the scenario came from (preset name, file path, or sweep point), for reproduction
 * @param seed the run seed
 * @param deterministic true when the run used the deterministic scheduler, so equal seeds give equal figures
 * @param complete false when the run stopped early (deadline, interrupt, failure); figures are then partial
 * @param incompleteReason why the run is incomplete, or {@code null} when complete
 * @param modes reports by design name, in the order the designs ran
 * @param simulator wall-clock figures of the simulator itself
 * @param replications means and intervals over replications ({@code run --repeat N}), or null for one run;
 *     {@code modes} then holds the first replication
 * @param provenance build, inputs and their hash, or null (reports assembled in tests)
 * @param warnings the scenario's warnings (an event after the run's end, a missing include), one line each
 */
public record RunReport(
    String scenario,
    String origin,
    long seed,
    boolean deterministic,
    boolean complete,
    String incompleteReason,
    Map<String, ModeReport> modes,
    SimulatorReport simulator,
    Replications replications,
    Provenance provenance,
    List<String> warnings) {

  /** A single run without provenance. */
  public RunReport(String scenario, String origin, long seed, boolean deterministic, boolean complete,
      String incompleteReason, Map<String, ModeReport> modes, SimulatorReport simulator) {
    this(scenario, origin, seed, deterministic, complete, incompleteReason, modes, simulator, null, null,
        List.of());
  }

  /** A run without warnings. */
  public RunReport(String scenario, String origin, long seed, boolean deterministic, boolean complete,
      String incompleteReason, Map<String, ModeReport> modes, SimulatorReport simulator,
      Replications replications, Provenance provenance) {
    this(scenario, origin, seed, deterministic, complete, incompleteReason, modes, simulator, replications,
        provenance, List.of());
  }

  /** This report with replications and provenance attached. */
  public RunReport with(Replications replications, Provenance provenance) {
    return new RunReport(scenario, origin, seed, deterministic, complete, incompleteReason, modes, simulator,
        replications, provenance, warnings);
  }

  /** Name of the design the footprint ratios compare against: today's two separate tables. */
  public static final String BASELINE_MODE = "separate";

  public RunReport {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(simulator, "simulator");
    modes.forEach(
        (name, report) -> {
          if (!name.equals(report.mode())) {
            throw new IllegalArgumentException("mode key " + name + " holds report of " + report.mode());
          }
        });
    modes = Collections.unmodifiableMap(new LinkedHashMap<>(modes));
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** The report of the {@code separate} design when it ran, the baseline for footprint ratios. */
  public ModeReport baseline() {
    ModeReport separate = modes.get(BASELINE_MODE);
    return separate == null || separate.isRefused() ? null : separate;
  }
}
