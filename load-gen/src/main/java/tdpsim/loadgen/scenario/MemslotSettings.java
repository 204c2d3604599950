package tdpsim.loadgen.scenario;

import java.util.Objects;
import tdpsim.protocol.PageSize;

/**
 * One guest-physical memory range and the host page size behind it (KVM's memslot).
 *
 * @param gpa first guest-physical address, aligned to {@code backing}
 * @param sizeBytes length, a positive multiple of {@code backing}
 * @param backing host page size: 4 KiB, or 2 MiB / 1 GiB huge pages
 */
public record MemslotSettings(long gpa, long sizeBytes, PageSize backing) {
  public MemslotSettings {
    Objects.requireNonNull(backing, "backing");
    Checks.checkNonNegative(gpa, "gpa");
    Checks.checkPositive(sizeBytes, "sizeBytes");
    Checks.check(gpa % backing.bytes() == 0 && sizeBytes % backing.bytes() == 0,
        "gpa and sizeBytes must be multiples of " + backing.label());
  }

  /** First 4 KiB guest frame number of the slot. */
  public long startGfn() {
    return gpa >>> 12;
  }

  /** One past the last 4 KiB guest frame number of the slot. */
  public long endGfn() {
    return (gpa + sizeBytes) >>> 12;
  }

  /** One past the last guest-physical address of the slot. */
  public long endGpa() {
    return gpa + sizeBytes;
  }

  /** Number of 4 KiB pages in the slot. */
  public long pages() {
    return sizeBytes >>> 12;
  }

  /** True when the guest-physical address lies in this slot. */
  public boolean containsGpa(long address) {
    return address >= gpa && address < gpa + sizeBytes;
  }
}
