package tdpsim.actors.wiring;

/**
 * Where a vCPU or a device gets its accesses: fills {@code buf} with packed accesses
 * ({@link tdpsim.protocol.Access}) and returns how many, 0 when the workload is exhausted. sim-main adapts the
 * load generator's workloads to it, so that actors never see load-gen.
 */
@FunctionalInterface
public interface AccessSource {
  int next(long[] buf, int max);
}
