package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Kinds of assigned devices (`device.kind`); the kind only labels reports and sets no behaviour. */
public enum DeviceKind {
  /** Network card. */
  NIC("nic"),
  /** NVMe storage controller. */
  NVME("nvme"),
  /** Graphics/compute accelerator. */
  GPU("gpu");

  private final String configName;

  DeviceKind(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files. */
  public String configName() {
    return configName;
  }

  /** The constant with this config name, if any. */
  public static Optional<DeviceKind> ofConfigName(String name) {
    return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(DeviceKind::configName).collect(Collectors.joining(", "));
  }
}
