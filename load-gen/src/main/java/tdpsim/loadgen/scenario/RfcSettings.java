package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Settings of the {@code rfc-tdp-fd} design ({@code tdpsim.scenario.rfc}).
 *
 * @param hugePageMismatch what the RFC's IOMMU does when its largest leaf is smaller than KVM's
 */
public record RfcSettings(HugePageMismatch hugePageMismatch) {
  /** The default: refuse, as the RFC's VT-d code did (patch 18/40). */
  public static final RfcSettings DEFAULTS = new RfcSettings(HugePageMismatch.REFUSE);

  public RfcSettings {
    Objects.requireNonNull(hugePageMismatch, "hugePageMismatch");
  }

  /** {@code huge-page-mismatch}. */
  public enum HugePageMismatch {
    /** The IOMMU refuses the KVM domain (the RFC): the design does not run. */
    REFUSE("refuse"),
    /** KVM's largest leaf is capped to the IOMMU's (not in the RFC; what a shared table would need). */
    CAP("cap");

    private final String configName;

    HugePageMismatch(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    public static Optional<HugePageMismatch> ofConfigName(String name) {
      return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
    }

    public static String validNames() {
      return Arrays.stream(values()).map(HugePageMismatch::configName).collect(Collectors.joining(", "));
    }
  }
}
