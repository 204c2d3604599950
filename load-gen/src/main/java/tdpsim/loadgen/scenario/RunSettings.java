package tdpsim.loadgen.scenario;

/**
 * How long a scenario runs ({@code tdpsim.scenario.run}).
 *
 * @param durationNs virtual time to simulate, > 0
 * @param maxAccessesPerVcpu accesses after which a vCPU stops; 0 = unlimited
 */
public record RunSettings(long durationNs, long maxAccessesPerVcpu) {
  public RunSettings {
    Checks.checkPositive(durationNs, "durationNs");
    Checks.checkNonNegative(maxAccessesPerVcpu, "maxAccessesPerVcpu");
  }
}
