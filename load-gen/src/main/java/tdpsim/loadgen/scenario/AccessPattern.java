package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a vCPU chooses the guest pages it touches (`access.pattern`); {@code WorkloadKind} builds each. */
public enum AccessPattern {
  /** Every page of the vCPU's range in order, once per pass. */
  SEQUENTIAL("sequential"),
  /** Pages drawn uniformly at random. */
  UNIFORM("uniform"),
  /** Page rank k drawn with weight 1/k^s (rank 1 is the lowest page of the range). */
  ZIPF("zipf"),
  /** A hot fraction of the pages takes a given share of the accesses. */
  HOT_COLD("hot-cold"),
  /** Replay of a valgrind lackey memory trace. */
  TRACE("trace");

  private final String configName;

  AccessPattern(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<AccessPattern> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(AccessPattern::configName).collect(Collectors.joining(", "));
  }
}
