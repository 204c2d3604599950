package tdpsim.loadgen.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One VM after replica expansion: its vCPUs, guest memory and how the vCPUs use it.
 *
 * @param index position in {@link Scenario#vms()}; the VM's entity id
 * @param name unique name ({@code <name>-<i>} for replicas)
 * @param vcpus vCPU count, >= 1
 * @param memslots non-overlapping guest memory ranges, sorted by gpa
 * @param viommu the guest runs a virtual IOMMU that needs a shadow table (sharing does not apply)
 * @param tlbEntries entries of each vCPU's TLB
 * @param access the vCPUs' access pattern
 * @param mmio emulated-MMIO ranges the vCPUs touch (outside the memslots), sorted by gpa
 */
public record VmSettings(
    int index,
    String name,
    int vcpus,
    List<MemslotSettings> memslots,
    boolean viommu,
    int tlbEntries,
    AccessSettings access,
    List<MmioSettings> mmio) {
  /** A VM without emulated-MMIO ranges. */
  public VmSettings(int index, String name, int vcpus, List<MemslotSettings> memslots, boolean viommu,
      int tlbEntries, AccessSettings access) {
    this(index, name, vcpus, memslots, viommu, tlbEntries, access, List.of());
  }

  public VmSettings {
    mmio = List.copyOf(mmio);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(access, "access");
    memslots = List.copyOf(memslots);
    Checks.checkNonNegative(index, "index");
    Checks.checkPositive(vcpus, "vcpus");
    Checks.checkPositive(tlbEntries, "tlbEntries");
    Checks.check(!memslots.isEmpty(), "a VM needs at least one memslot");
    for (int i = 1; i < memslots.size(); i++) {
      Checks.check(memslots.get(i - 1).endGpa() <= memslots.get(i).gpa(), "memslots must be sorted, not overlapping");
    }
  }

  /** Guest memory in bytes (sum of the memslots). */
  public long memoryBytes() {
    long sum = 0;
    for (MemslotSettings slot : memslots) {
      sum += slot.sizeBytes();
    }
    return sum;
  }

  /** Guest memory in 4 KiB pages. */
  public long memoryPages() {
    return memoryBytes() >>> 12;
  }

  /** One past the highest guest frame number of any memslot. */
  public long maxGfn() {
    return memslots.get(memslots.size() - 1).endGfn();
  }

  /** True when the 4 KiB guest frame lies in one of the memslots. */
  public boolean containsGfn(long gfn) {
    for (MemslotSettings slot : memslots) {
      if (gfn >= slot.startGfn() && gfn < slot.endGfn()) {
        return true;
      }
    }
    return false;
  }
}
