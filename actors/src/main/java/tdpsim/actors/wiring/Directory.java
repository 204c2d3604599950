package tdpsim.actors.wiring;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Migration;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;

/**
 * Who is who in one machine: the actor refs by VM, unit and device index. Actors are handed this object when
 * they are spawned, before the refs of their peers exist; the machine guardian publishes one immutable
 * {@link Snapshot} of every ref, once per run, after every VM reported its actors and before the first window.
 * Reads before that fail loudly instead of returning a half-filled table.
 *
 * <p>The snapshot is read through one volatile field that is written once; the first window's message also
 * orders the publication before any handler that reads it.
 */
public final class Directory {
  private volatile Snapshot published;

  /** Publishes the machine's refs; allowed once. */
  public void publish(Snapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    synchronized (this) {
      if (published != null) {
        throw new IllegalStateException("the directory is published once per run");
      }
      published = snapshot;
    }
  }

  /** True once {@link #publish} ran. */
  public boolean isPublished() {
    return published != null;
  }

  private Snapshot snapshot() {
    Snapshot s = published;
    if (s == null) {
      throw new IllegalStateException("directory read before the machine published it (before the first window)");
    }
    return s;
  }

  public List<ActorRef<Vcpu.Command>> vcpusOf(int vm) {
    return snapshot().vcpus.get(vm);
  }

  public ActorRef<TdpMmu.Command> mmu(int vm) {
    return snapshot().mmus.get(vm);
  }

  /** The migration actor of VM {@code vm}, or null when it does not migrate. */
  public ActorRef<Migration.Command> migration(int vm) {
    return snapshot().migrations.get(vm);
  }

  public ActorRef<Iommu.Command> iommu(int unit) {
    return snapshot().iommus.get(unit);
  }

  public ActorRef<AssignedDevice.Command> device(int index) {
    return snapshot().devices.get(index);
  }

  /** The IOMMU units that serve VM {@code vm}'s devices, ascending. Callers must not modify the array. */
  public int[] unitsOfVm(int vm) {
    return snapshot().unitsOfVm[vm];
  }

  /** The ATS devices of VM {@code vm} behind IOMMU unit {@code unit}. Callers must not modify the array. */
  public int[] atsDevicesOfVmOnUnit(int vm, int unit) {
    Snapshot s = snapshot();
    return s.atsDevicesOfVmOnUnit[vm * s.units + unit];
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every ref of one run, immutable; built by {@link Builder}. */
  public static final class Snapshot {
    private final List<List<ActorRef<Vcpu.Command>>> vcpus;
    private final List<ActorRef<TdpMmu.Command>> mmus;
    /** By VM; null entries for VMs that do not migrate (hence not a {@code List.copyOf}). */
    private final List<ActorRef<Migration.Command>> migrations;
    private final List<ActorRef<Iommu.Command>> iommus;
    private final List<ActorRef<AssignedDevice.Command>> devices;
    private final int units;
    private final int[][] unitsOfVm;
    private final int[][] atsDevicesOfVmOnUnit;

    private Snapshot(Builder b) {
      List<List<ActorRef<Vcpu.Command>>> v = new ArrayList<>();
      b.vcpus.forEach(refs -> v.add(List.copyOf(refs)));
      this.vcpus = List.copyOf(v);
      this.mmus = List.copyOf(b.mmus);
      this.migrations = Collections.unmodifiableList(new ArrayList<>(b.migrations));
      this.iommus = List.copyOf(b.iommus);
      this.devices = List.copyOf(b.devices);
      this.units = b.units;
      this.unitsOfVm = deepCopy(b.unitsOfVm);
      this.atsDevicesOfVmOnUnit = deepCopy(b.atsDevicesOfVmOnUnit);
    }

    private static int[][] deepCopy(int[][] a) {
      int[][] out = new int[a.length][];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i].clone();
      }
      return out;
    }
  }

  /** Collects the refs of one run; {@link #build} copies them into a {@link Snapshot}. Not thread-safe. */
  public static final class Builder {
    private List<List<ActorRef<Vcpu.Command>>> vcpus = List.of();
    private List<ActorRef<TdpMmu.Command>> mmus = List.of();
    private List<ActorRef<Migration.Command>> migrations = List.of();
    private List<ActorRef<Iommu.Command>> iommus = List.of();
    private List<ActorRef<AssignedDevice.Command>> devices = List.of();
    private int units;
    private int[][] unitsOfVm = new int[0][];
    private int[][] atsDevicesOfVmOnUnit = new int[0][];

    private Builder() {}

    /** By VM index, the VM's vCPUs in order. */
    public Builder vcpus(List<List<ActorRef<Vcpu.Command>>> vcpus) {
      this.vcpus = vcpus;
      return this;
    }

    /** By VM index. */
    public Builder mmus(List<ActorRef<TdpMmu.Command>> mmus) {
      this.mmus = mmus;
      return this;
    }

    /** By VM index; null for a VM that does not migrate. */
    public Builder migrations(List<ActorRef<Migration.Command>> migrations) {
      this.migrations = migrations;
      return this;
    }

    /** By IOMMU unit. */
    public Builder iommus(List<ActorRef<Iommu.Command>> iommus) {
      this.iommus = iommus;
      return this;
    }

    /** By device index. */
    public Builder devices(List<ActorRef<AssignedDevice.Command>> devices) {
      this.devices = devices;
      return this;
    }

    /**
     * @param unitsOfVm for each VM, the IOMMU units that serve its devices (ascending)
     * @param atsDevicesOfVmOnUnit for index {@code vm * units + unit}, the ATS devices of that VM behind that unit
     */
    public Builder topology(int units, int[][] unitsOfVm, int[][] atsDevicesOfVmOnUnit) {
      this.units = units;
      this.unitsOfVm = unitsOfVm;
      this.atsDevicesOfVmOnUnit = atsDevicesOfVmOnUnit;
      return this;
    }

    public Snapshot build() {
      return new Snapshot(this);
    }
  }
}
