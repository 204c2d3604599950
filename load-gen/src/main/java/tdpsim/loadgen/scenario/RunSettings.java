package tdpsim.loadgen.scenario;

import java.util.Objects;

/**
 * How long a scenario runs ({@code tdpsim.scenario.run}).
 *
 * @param durationNs virtual time to simulate, > 0; under {@link RunUntil#WORK} the cap
 * @param maxAccessesPerVcpu accesses after which a vCPU stops; 0 = unlimited
 * @param until what ends the run: the work or the time
 */
public record RunSettings(long durationNs, long maxAccessesPerVcpu, RunUntil until) {
  public RunSettings {
    Checks.checkPositive(durationNs, "durationNs");
    Checks.checkNonNegative(maxAccessesPerVcpu, "maxAccessesPerVcpu");
    Objects.requireNonNull(until, "until");
  }

  /** A run that ends on time, as before {@code run.until} existed. */
  public RunSettings(long durationNs, long maxAccessesPerVcpu) {
    this(durationNs, maxAccessesPerVcpu, RunUntil.TIME);
  }

  public boolean untilWork() {
    return until == RunUntil.WORK;
  }
}
