package tdpsim.actors.migration;

import java.util.Objects;

/**
 * One live migration: which VM, when tracking starts, the link, when to stop pre-copying, and how dirty pages
 * are tracked.
 *
 * @param bytesPerSec migration link bandwidth
 * @param convergePages stop-and-copy once a round leaves at most this many dirty pages
 * @param initiallySet protection / dirty-bit clearing happens at the first harvest instead of at start
 * @param deviceAllAtStop separate-table designs: device writes are not tracked, every page is resent at stop
 * @param eagerSplit split every huge leaf when tracking starts (else on the first write fault)
 */
public record MigrationPlan(int vmIndex, long startNs, long bytesPerSec, int maxRounds, long convergePages,
    Tracking tracking, boolean initiallySet, boolean deviceAllAtStop, boolean eagerSplit) {

  /** How the design learns which pages were written. */
  public enum Tracking {
    /** Dirty bits in the table(s), set by the CPU walker and the IOMMU walker alike; one scan harvests them. */
    D_BITS,
    /** Write-protected entries: a write faults, the fault handler marks the page dirty and unprotects it. */
    WRITE_PROTECT,
    /** The CPU's page-modification log: the CPU logs the gfn when it sets a D bit. Devices do not log. */
    PML
  }

  public MigrationPlan {
    Objects.requireNonNull(tracking, "tracking");
    if (bytesPerSec <= 0 || maxRounds < 1 || convergePages < 0 || startNs < 0) {
      throw new IllegalArgumentException("bad migration plan for VM " + vmIndex);
    }
  }

  /** Virtual time to send {@code pages} 4 KiB pages over the link. */
  public long sendNs(long pages) {
    return (long) Math.ceil(pages * 4096.0 * 1e9 / bytesPerSec);
  }
}
