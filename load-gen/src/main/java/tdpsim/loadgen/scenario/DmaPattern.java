package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How an assigned device walks guest memory with its DMA (`dma.pattern`). */
public enum DmaPattern {
  /** Sequential transfers over a ring buffer, wrapping (NIC descriptor rings and packet buffers). */
  RING("ring"),
  /** Large contiguous transfers moving through a region, wrapping (storage, GPU copies). */
  BULK("bulk"),
  /** Transfers at random transfer-aligned offsets of a region. */
  RANDOM("random");

  private final String configName;

  DmaPattern(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<DmaPattern> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(DmaPattern::configName).collect(Collectors.joining(", "));
  }
}
