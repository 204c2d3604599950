package tdpsim.loadgen.scenario;

import java.util.Objects;

/**
 * One assigned device after expansion (per VM replica and per count).
 *
 * @param index position in {@link Scenario#devices()}; the device's entity id
 * @param name unique name: {@code <vm>/<name>}, plus {@code -<k>} when the element's count > 1
 * @param vmIndex the VM the device is assigned to
 * @param kind nic, nvme or gpu (a {@link DeviceKind} config name)
 * @param iommuUnit the IOMMU unit the device sits behind
 * @param ats the device caches translations (PCIe ATS)
 * @param devtlbEntries device-TLB entries (used when {@code ats})
 * @param pri the device can take I/O page faults (PCIe PRI); implies {@code ats}
 * @param dma the device's DMA workload
 * @param priMaxOutstanding page requests the device may have outstanding at once (one page request group)
 */
public record DeviceSettings(
    int index,
    String name,
    int vmIndex,
    String kind,
    int iommuUnit,
    boolean ats,
    int devtlbEntries,
    boolean pri,
    DmaSettings dma,
    int priMaxOutstanding) {
  public DeviceSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dma, "dma");
    Checks.check(DeviceKind.ofConfigName(kind).isPresent(), "kind must be one of " + DeviceKind.validNames());
    Checks.checkNonNegative(index, "index");
    Checks.checkNonNegative(vmIndex, "vmIndex");
    Checks.checkNonNegative(iommuUnit, "iommuUnit");
    Checks.checkPositive(devtlbEntries, "devtlbEntries");
    Checks.check(!pri || ats, "pri needs ats");
    Checks.checkPositive(priMaxOutstanding, "priMaxOutstanding");
  }
}
