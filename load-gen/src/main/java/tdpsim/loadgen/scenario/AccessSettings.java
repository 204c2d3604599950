package tdpsim.loadgen.scenario;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How each vCPU of a VM touches guest memory ({@code access} of a VM).
 *
 * @param pattern which workload generates the accesses
 * @param zipfSkew zipf exponent, > 0
 * @param hotFraction share of the pages that are hot, in (0, 1]
 * @param hotProbability share of accesses that go to the hot pages, in [0, 1]
 * @param writeRatio probability of a write, in [0, 1] (trace replay uses the trace's own kinds)
 * @param thinkTimeNs virtual time between two accesses of one vCPU
 * @param perVcpuPartition true: each vCPU touches only its own n-th of the VM's pages
 * @param traceFile the lackey trace (absolute) when {@code pattern} is TRACE
 * @param passes passes over the range or trace; 0 = until the run ends
 */
public record AccessSettings(
    AccessPattern pattern,
    double zipfSkew,
    double hotFraction,
    double hotProbability,
    double writeRatio,
    long thinkTimeNs,
    boolean perVcpuPartition,
    Optional<Path> traceFile,
    int passes) {
  public AccessSettings {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(traceFile, "traceFile");
    Checks.check(zipfSkew > 0, "zipfSkew must be > 0: " + zipfSkew);
    Checks.check(hotFraction > 0 && hotFraction <= 1, "hotFraction must be in (0, 1]: " + hotFraction);
    Checks.checkRatio(hotProbability, "hotProbability");
    Checks.checkRatio(writeRatio, "writeRatio");
    Checks.checkNonNegative(thinkTimeNs, "thinkTimeNs");
    Checks.checkNonNegative(passes, "passes");
    Checks.check(pattern != AccessPattern.TRACE || traceFile.isPresent(), "pattern trace needs a traceFile");
  }
}
