package tdpsim.protocol;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The designs tdpsim compares (DESIGN.md section 2): how many tables hold the guest-physical to host-physical
 * mappings, how they are populated, what is pinned, and what a device may do on a translation miss.
 */
public enum Mode {
  /** Today: TDP filled on demand; VFIO pins all guest RAM and maps it into the IOMMU's own table at start. */
  SEPARATE("separate", false, false, true),
  /** One table, the IOMMU's second-stage pointer at KVM's TDP root; pre-faulted and pinned, no device faults. */
  SHARED_PREPOPULATED("shared-prepopulated", true, false, true),
  /** One table filled on demand by vCPU faults and PRI page requests through the same fault handler. */
  SHARED_IOPF("shared-iopf", true, true, false),
  /** Two tables, both on demand; the IOMMU resolves page requests with its own mapper. */
  SEPARATE_IOPF("separate-iopf", false, true, false),
  /** Guest with a virtual IOMMU needing a shadow table: sharing is refused; runs like {@link #SEPARATE}. */
  VIOMMU_SHADOW("viommu-shadow", false, false, true),
  /**
   * The 2023 RFC "Sharing KVM TDP to IOMMU" (never merged): KVM exports one fixed root per VM that the IOMMU
   * walks; populated on demand by vCPU faults and device page requests resolved by
   * {@code kvm_mmu_fault_exported_tdp}; every KVM remote TLB flush also invalidates the IOTLB; no dirty tracking
   * on the KVM domain; only devices that can fault on every DMA path.
   */
  RFC_TDP_FD("rfc-tdp-fd", true, true, false);

  private final String configName;
  private final boolean sharedTable;
  private final boolean devicePageRequests;
  private final boolean pinsGuestMemory;

  Mode(String configName, boolean sharedTable, boolean devicePageRequests, boolean pinsGuestMemory) {
    this.configName = configName;
    this.sharedTable = sharedTable;
    this.devicePageRequests = devicePageRequests;
    this.pinsGuestMemory = pinsGuestMemory;
  }

  /** The name used in configs, on the command line and in reports. */
  public String configName() {
    return configName;
  }

  /** True when the IOMMU walks the TDP table itself (one table). */
  public boolean isSharedTable() {
    return sharedTable;
  }

  /** True when a device miss becomes a PRI page request instead of a fatal DMA fault. */
  public boolean isDevicePageRequests() {
    return devicePageRequests;
  }

  /** True when all guest RAM is pinned (and so cannot be reclaimed, migrated or compacted by the host). */
  public boolean isPinsGuestMemory() {
    return pinsGuestMemory;
  }

  /** True for the RFC's exported-root design ({@link #RFC_TDP_FD}). */
  public boolean isExportedRoot() {
    return this == RFC_TDP_FD;
  }

  /** The mode with this config name, if any. */
  public static Optional<Mode> ofConfigName(String name) {
    return Arrays.stream(values()).filter(m -> m.configName.equals(name)).findFirst();
  }

  /** The valid config names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(Mode::configName).collect(Collectors.joining(", "));
  }
}
