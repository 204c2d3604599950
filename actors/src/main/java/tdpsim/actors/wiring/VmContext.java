package tdpsim.actors.wiring;

import java.util.Objects;
import tdpsim.actors.dirty.MigrationState;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.trace.Tracer;

/**
 * The per-VM objects that several actors use: the memslots, the host frames, the TDP table and its fault
 * handler, and, in separate designs, the IOMMU's own table (with its own fault handler in
 * {@code separate-iopf}). Built by the machine before any actor runs, through {@link #builder}: a VM's devices
 * walk either the TDP table itself ({@link Builder#iommuSharesTdp}), their own table
 * ({@link Builder#iommuOwnTable}), or nothing (a VM without devices). Immutable.
 */
public final class VmContext {
  private final int index;
  private final String name;
  private final int vcpus;
  private final GuestLayout layout;
  private final HostFrames frames;
  private final SharedPageTable tdp;
  private final TdpFaultHandler tdpFaults;
  private final SharedPageTable iommuTable;
  private final TdpFaultHandler iommuFaults;
  private final boolean shared;
  private final ViolationLog violations;
  private final MigrationState migration;
  private final int iommuUnitsServing;
  private final Tracer tracer;

  private VmContext(Builder b) {
    this.index = b.index;
    this.name = Objects.requireNonNull(b.name, "name");
    this.vcpus = b.vcpus;
    this.layout = Objects.requireNonNull(b.layout, "layout");
    this.frames = Objects.requireNonNull(b.frames, "frames");
    this.tdp = Objects.requireNonNull(b.tdp, "tdp");
    this.tdpFaults = Objects.requireNonNull(b.tdpFaults, "tdpFaults");
    this.shared = b.shared;
    this.iommuTable = b.shared ? b.tdp : b.iommuTable;
    this.iommuFaults = b.iommuFaults;
    this.violations = Objects.requireNonNull(b.violations, "violations");
    this.migration = b.migration;
    this.iommuUnitsServing = b.iommuUnitsServing;
    this.tracer = b.tracer;
  }

  /** A VM {@code index} named {@code name} with {@code vcpus} vCPUs; the builder's setters say the rest. */
  public static Builder builder(int index, String name, int vcpus) {
    return new Builder(index, name, vcpus);
  }

  public int index() {
    return index;
  }

  public String name() {
    return name;
  }

  public int vcpus() {
    return vcpus;
  }

  public GuestLayout layout() {
    return layout;
  }

  public HostFrames frames() {
    return frames;
  }

  public SharedPageTable tdp() {
    return tdp;
  }

  public TdpFaultHandler tdpFaults() {
    return tdpFaults;
  }

  /** The table the IOMMU walks for this VM's devices: the TDP table itself when shared; null without devices. */
  public SharedPageTable iommuTable() {
    return iommuTable;
  }

  /** The IOMMU driver's own fault path ({@code separate-iopf}), else null. */
  public TdpFaultHandler iommuFaults() {
    return iommuFaults;
  }

  /** True when the VM's devices walk the TDP table itself. */
  public boolean shared() {
    return shared;
  }

  public ViolationLog violations() {
    return violations;
  }

  /** The write hooks of a live migration of this VM, else null. */
  public MigrationState migration() {
    return migration;
  }

  /** IOMMU units behind which this VM has devices. */
  public int iommuUnitsServing() {
    return iommuUnitsServing;
  }

  /** Where this VM's entities report trace events, or null when tracing is off (the default). */
  public Tracer tracer() {
    return tracer;
  }

  /** Collects one VM's parts by name; {@link #build} checks the required ones. Not thread-safe. */
  public static final class Builder {
    private final int index;
    private final String name;
    private final int vcpus;
    private GuestLayout layout;
    private HostFrames frames;
    private SharedPageTable tdp;
    private TdpFaultHandler tdpFaults;
    private SharedPageTable iommuTable;
    private TdpFaultHandler iommuFaults;
    private boolean shared;
    private ViolationLog violations;
    private MigrationState migration;
    private int iommuUnitsServing;
    private Tracer tracer;

    private Builder(int index, String name, int vcpus) {
      this.index = index;
      this.name = name;
      this.vcpus = vcpus;
    }

    /** The memslots and the host frames behind them. */
    public Builder memory(GuestLayout layout, HostFrames frames) {
      this.layout = layout;
      this.frames = frames;
      return this;
    }

    /** The TDP table and its fault handler (EPT violations, and device faults when shared). */
    public Builder tdp(SharedPageTable tdp, TdpFaultHandler faults) {
      this.tdp = tdp;
      this.tdpFaults = faults;
      return this;
    }

    /** The VM's devices walk the TDP table itself (the shared designs). */
    public Builder iommuSharesTdp() {
      this.shared = true;
      this.iommuTable = null;
      this.iommuFaults = null;
      return this;
    }

    /**
     * The VM's devices walk their own IOMMU table (the separate designs).
     *
     * @param faults the IOMMU driver's own fault path ({@code separate-iopf}), or null when devices cannot fault
     */
    public Builder iommuOwnTable(SharedPageTable table, TdpFaultHandler faults) {
      this.shared = false;
      this.iommuTable = Objects.requireNonNull(table, "table");
      this.iommuFaults = faults;
      return this;
    }

    /** Where the VM's entities record invariant violations. */
    public Builder violations(ViolationLog violations) {
      this.violations = violations;
      return this;
    }

    /** The write hooks of this VM's live migration (none unless called). */
    public Builder migration(MigrationState migration) {
      this.migration = migration;
      return this;
    }

    /** IOMMU units behind which the VM has devices (0 unless called). */
    public Builder iommuUnitsServing(int units) {
      this.iommuUnitsServing = units;
      return this;
    }

    /** Where the VM's entities report trace events (none unless called). */
    public Builder tracer(Tracer tracer) {
      this.tracer = tracer;
      return this;
    }

    public VmContext build() {
      return new VmContext(this);
    }
  }
}
