package tdpsim.actors.wiring;

import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.dirty.MigrationState;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.trace.Tracer;

/**
 * The per-VM objects that several actors use: the memslots, the host frames, the TDP table and its fault
 * handler, and, in separate designs, the IOMMU's own table (with its own fault handler in
 * {@code separate-iopf}). Built by the machine before any actor runs.
 *
 * @param iommuTable the table the IOMMU walks for this VM's devices: the TDP table itself when shared
 * @param iommuFaults the IOMMU driver's own fault path ({@code separate-iopf}), else null
 * @param migration the write hooks of a live migration of this VM, else null
 * @param iommuUnitsServing IOMMU units behind which this VM has devices
 * @param tracer where this VM's entities report trace events, or null when tracing is off (the default)
 */
public record VmContext(
    int index,
    String name,
    int vcpus,
    GuestLayout layout,
    HostFrames frames,
    SharedPageTable tdp,
    TdpFaultHandler tdpFaults,
    SharedPageTable iommuTable,
    TdpFaultHandler iommuFaults,
    boolean shared,
    ViolationLog violations,
    MigrationState migration,
    int iommuUnitsServing,
    Tracer tracer) {

  /** A VM without tracing. */
  public VmContext(int index, String name, int vcpus, GuestLayout layout, HostFrames frames, SharedPageTable tdp,
      TdpFaultHandler tdpFaults, SharedPageTable iommuTable, TdpFaultHandler iommuFaults, boolean shared,
      ViolationLog violations, MigrationState migration, int iommuUnitsServing) {
    this(index, name, vcpus, layout, frames, tdp, tdpFaults, iommuTable, iommuFaults, shared, violations, migration,
        iommuUnitsServing, null);
  }
}
