package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What ends a run ({@code run.until}): the work of every vCPU and device, or the virtual time. */
public enum RunUntil {
  /**
   * Every vCPU has done its {@code passes} or {@code max-accesses-per-vcpu}, every device its
   * {@code dma.total-bytes}, every migration has finished and the host events scheduled before {@code run.duration}
   * have happened; the duration is the cap. Designs then do equal work, so their counts compare directly.
   */
  WORK("work"),
  /** {@code run.duration} of virtual time; designs do as much work as their costs allow in it. */
  TIME("time");

  private final String configName;

  RunUntil(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<RunUntil> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(RunUntil::configName).collect(Collectors.joining(", "));
  }
}
