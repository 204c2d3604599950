package tdpsim.loadgen.scenario;

/**
 * An emulated-MMIO range of a VM ({@code mmio} of a VM): guest-physical addresses outside every memslot that the
 * guest touches, so that KVM exits to emulate and caches the gfn in an MMIO SPTE.
 *
 * @param gpa start, 4 KiB-aligned
 * @param sizeBytes bytes, a multiple of 4 KiB, > 0
 * @param share the share of each vCPU's accesses that go to this range, in [0, 1]
 */
public record MmioSettings(long gpa, long sizeBytes, double share) {
  public MmioSettings {
    Checks.checkNonNegative(gpa, "gpa");
    Checks.checkPageAligned(gpa, "gpa");
    Checks.checkPositive(sizeBytes, "sizeBytes");
    Checks.checkPageAligned(sizeBytes, "sizeBytes");
    Checks.checkRatio(share, "share");
  }

  public long startGfn() {
    return gpa >>> 12;
  }

  public long endGfn() {
    return (gpa + sizeBytes) >>> 12;
  }
}
