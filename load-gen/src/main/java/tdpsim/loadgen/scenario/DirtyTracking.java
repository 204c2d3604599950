package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a migration learns which pages were written (`migration.dirty-tracking`). */
public enum DirtyTracking {
  /** Dirty bits in the table, set by the CPU and by the IOMMU alike (sees device writes). */
  D_BITS("d-bits"),
  /** Write-protected entries; only CPU writes fault, device writes are missed. */
  WRITE_PROTECT("write-protect"),
  /** The CPU's page-modification log; device writes are missed. */
  PML("pml");

  private final String configName;

  DirtyTracking(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<DirtyTracking> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(DirtyTracking::configName).collect(Collectors.joining(", "));
  }
}
