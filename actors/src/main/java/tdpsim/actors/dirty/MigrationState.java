package tdpsim.actors.dirty;

/**
 * What the vCPUs, devices and the fault handler of a migrating VM touch on their write paths: the lost-write
 * oracle (ground truth) and KVM's dirty log (fed by PML on CPU writes and by write-protection faults). Plain
 * concurrent Java; the hooks cost one volatile read when the VM is not being migrated.
 */
public final class MigrationState {
  private final WriteOracle oracle;
  private final DirtyBitmap dirtyLog;
  private volatile boolean pml;

  public MigrationState(long pages) {
    this.oracle = new WriteOracle(pages);
    this.dirtyLog = new DirtyBitmap(pages);
  }

  public WriteOracle oracle() {
    return oracle;
  }

  public DirtyBitmap dirtyLog() {
    return dirtyLog;
  }

  /** The CPU logs gfns whose D bit it sets (PML), from now on. */
  public void enablePml() {
    pml = true;
  }

  public boolean isPml() {
    return pml;
  }

  /**
   * A vCPU wrote {@code gfn}; {@code dirtied} when this write's table walk set the leaf's D bit from 0 to 1,
   * the only moment a CPU with PML logs the gfn. A write whose D bit was already set (by an earlier write of a
   * device sharing the table, say) is not logged: PML misses it, the oracle does not.
   */
  public void cpuWrite(long gfn, boolean dirtied) {
    oracle.cpuWrite(gfn);
    if (dirtied && pml) {
      dirtyLog.set(gfn);
    }
  }

  /** A device wrote {@code gfn} by DMA (no PML: the IOMMU sets the D bit but logs nothing). */
  public void deviceWrite(long gfn) {
    oracle.deviceWrite(gfn);
  }
}
