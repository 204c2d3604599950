package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How device (DMA) writes are tracked in designs with a separate IOMMU table. */
public enum DeviceDirtyTracking {
  /** Not tracked: every pinned page is declared dirty at stop-and-copy, as VFIO does without device dirty tracking. */
  ALL_AT_STOP("all-at-stop"),
  /** Dirty bits in the IOMMU's own table, harvested separately and merged with the CPU's. */
  IOMMU_D_BITS("iommu-d-bits");

  private final String configName;

  DeviceDirtyTracking(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<DeviceDirtyTracking> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(DeviceDirtyTracking::configName).collect(Collectors.joining(", "));
  }
}
