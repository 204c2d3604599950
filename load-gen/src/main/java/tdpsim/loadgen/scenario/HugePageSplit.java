package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** When huge pages are split while dirty tracking runs. */
public enum HugePageSplit {
  /** Split every huge leaf when tracking starts (4 KiB granularity from the start). */
  EAGER("eager"),
  /** Split a huge leaf on the first write fault that hits it (write-protect) or leave it whole (dirty bits). */
  ON_WRITE("on-write");

  private final String configName;

  HugePageSplit(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<HugePageSplit> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(HugePageSplit::configName).collect(Collectors.joining(", "));
  }
}
