package tdpsim.protocol.serialization;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tdpsim.protocol.AccessKind;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Experiment;
import tdpsim.protocol.HostMemory;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Migration;
import tdpsim.protocol.MigrationReport;
import tdpsim.protocol.Mode;
import tdpsim.protocol.PageSize;
import tdpsim.protocol.RoundStats;
import tdpsim.protocol.SimMessage;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.VmSupervisor;
import tdpsim.protocol.ZapCause;

/**
 * The one table of Kryo class ids of the tdpsim wire format (docs/wire.md). An id is written in place of a class
 * name, so both nodes must agree on it: ids are never reused or renumbered, only appended.
 *
 * <p>Ids below {@link #FIRST_MESSAGE_ID} belong to the support types the serializer registers itself (arrays,
 * immutable collections, actor refs); Kryo's own defaults (primitives, their boxes, {@code String}) take 0 to 9.
 */
public final class ProtocolRegistry {
  /** The first id of a protocol message or enum. */
  public static final int FIRST_MESSAGE_ID = 100;

  /** The first id available to classes registered from configuration (actor-private messages that cross nodes). */
  public static final int FIRST_EXTRA_ID = 1000;

  // Support types (10..99), registered with their serializers by StrictKryo.
  static final int BYTE_ARRAY_ID = 10;
  static final int INT_ARRAY_ID = 11;
  static final int LONG_ARRAY_ID = 12;
  static final int LIST_N_ID = 20;
  static final int LIST_12_ID = 21;
  static final int MAP_N_ID = 22;
  static final int MAP_1_ID = 23;
  static final int SET_N_ID = 24;
  static final int SET_12_ID = 25;
  static final int TYPED_ACTOR_REF_ID = 30;
  static final int CLASSIC_ACTOR_REF_ID = 31;

  /** The protocol namespaces; each has a sealed {@code Command} and nested replies. */
  public static final List<Class<?>> NAMESPACES = List.of(
      Vcpu.class, TdpMmu.class, Iommu.class, AssignedDevice.class, HostMemory.class, Machine.class,
      Migration.class, Experiment.class, VmSupervisor.class);

  private static final Map<Class<?>, Integer> MESSAGE_IDS = new Table()
      // Shared enums and top-level records.
      .add(100, Mode.class)
      .add(101, PageSize.class)
      .add(102, AccessKind.class)
      .add(103, ZapCause.class)
      .add(104, EntityStats.class)
      .add(105, MigrationReport.class)
      .add(106, RoundStats.class)
      .add(107, RoundStats.Dirtied.class)
      // Retired, never to be given again: 111, 161, 181, 241 (the WindowDone replies) and 261, 262 (the VM
      // supervisor's window messages), which the window barrier replaced.
      // Vcpu
      .add(110, Vcpu.RunWindow.class)
      .add(112, Vcpu.FlushTlb.class)
      .add(113, Vcpu.TlbFlushed.class)
      .add(114, Vcpu.ReportStats.class)
      .add(115, Vcpu.Pause.class)
      .add(116, Vcpu.Paused.class)
      // TdpMmu
      .add(120, TdpMmu.Fault.class)
      .add(121, TdpMmu.FaultResolved.class)
      .add(122, TdpMmu.FaultSource.class)
      .add(123, TdpMmu.Invalidate.class)
      .add(124, TdpMmu.InvalidateDone.class)
      .add(125, TdpMmu.ZapRange.class)
      .add(126, TdpMmu.Quiesce.class)
      .add(127, TdpMmu.Quiesced.class)
      .add(128, TdpMmu.ReportStats.class)
      .add(129, TdpMmu.InvalidateRangeEnd.class)
      // Iommu
      .add(140, Iommu.PageRequest.class)
      .add(141, Iommu.InvalidateIotlb.class)
      .add(142, Iommu.IotlbInvalidated.class)
      .add(143, Iommu.MmuNotifierInvalidate.class)
      .add(144, Iommu.ReportStats.class)
      .add(145, Iommu.MmuNotifierInvalidateEnd.class)
      .add(149, Iommu.SwitchRoot.class)
      // AssignedDevice
      .add(160, AssignedDevice.RunWindow.class)
      .add(162, AssignedDevice.PageResponse.class)
      .add(163, AssignedDevice.InvalidateDevTlb.class)
      .add(164, AssignedDevice.DevTlbInvalidated.class)
      .add(165, AssignedDevice.ReportStats.class)
      .add(166, AssignedDevice.Quiesce.class)
      .add(167, AssignedDevice.Quiesced.class)
      // HostMemory
      .add(180, HostMemory.RunWindow.class)
      .add(182, HostMemory.ReportStats.class)
      // Machine
      .add(200, Machine.Start.class)
      .add(201, Machine.Finished.class)
      // Experiment (clustered experiments: assignments, progress and results between nodes)
      .add(220, Experiment.Run.class)
      .add(221, Experiment.Started.class)
      .add(222, Experiment.Finished.class)
      .add(223, Experiment.Failed.class)
      .add(224, Experiment.Challenge.class)
      .add(225, Experiment.Proof.class)
      // Migration
      .add(240, Migration.RunWindow.class)
      .add(242, Migration.ReportStats.class)
      // VM supervisor
      .add(260, VmSupervisor.VmReady.class)
      .build();

  private ProtocolRegistry() {}

  /** Every protocol class with its id, in id order. */
  public static Map<Class<?>, Integer> messageIds() {
    return MESSAGE_IDS;
  }

  /**
   * Every class of {@code tdpsim.protocol} that can travel in a message, found by reflection: the permitted
   * subclasses of each namespace's sealed {@code Command} (recursively, skipping the non-sealed {@code Internal}
   * hatches), the records and enums nested in the namespaces, {@link EntityStats} and the shared enums, and
   * every protocol record or enum reachable through their components (including generic arguments).
   */
  public static Set<Class<?>> wireClasses() {
    Deque<Class<?>> todo = new ArrayDeque<>();
    for (Class<?> namespace : NAMESPACES) {
      for (Class<?> nested : namespace.getDeclaredClasses()) {
        if (nested.isSealed()) {
          todo.addAll(permittedLeaves(nested));
        } else if (nested.isRecord() || nested.isEnum()) {
          todo.add(nested);
        }
      }
    }
    todo.addAll(List.of(EntityStats.class, Mode.class, PageSize.class, AccessKind.class, ZapCause.class));
    Set<Class<?>> found = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      Class<?> type = todo.poll();
      if (!found.add(type) || !type.isRecord()) {
        continue;
      }
      for (RecordComponent component : type.getRecordComponents()) {
        collectProtocolTypes(component.getGenericType(), todo);
      }
    }
    return Collections.unmodifiableSet(found);
  }

  /** The classes of {@link #wireClasses()} without an id; a test keeps this empty. */
  public static Set<Class<?>> missingIds() {
    Set<Class<?>> missing = new LinkedHashSet<>(wireClasses());
    missing.removeAll(MESSAGE_IDS.keySet());
    return missing;
  }

  private static Set<Class<?>> permittedLeaves(Class<?> sealed) {
    Set<Class<?>> leaves = new LinkedHashSet<>();
    for (Class<?> permitted : sealed.getPermittedSubclasses()) {
      if (permitted.isSealed()) {
        leaves.addAll(permittedLeaves(permitted));
      } else if (!permitted.isInterface()) {
        leaves.add(permitted);
      }
      // A non-sealed interface is an Internal hatch: its classes live in the actors and are not listed here.
    }
    return leaves;
  }

  private static void collectProtocolTypes(Type type, Deque<Class<?>> todo) {
    if (type instanceof ParameterizedType parameterized) {
      for (Type argument : parameterized.getActualTypeArguments()) {
        collectProtocolTypes(argument, todo);
      }
    } else if (type instanceof Class<?> c
        && c.getPackageName().equals(SimMessage.class.getPackageName())
        && (c.isRecord() || c.isEnum())) {
      todo.add(c);
    }
  }

  /** Builds the id table: ids strictly ascending (so never reused) and inside the message range. */
  private static final class Table {
    private final Map<Class<?>, Integer> ids = new LinkedHashMap<>();
    private int lastId = FIRST_MESSAGE_ID - 1;

    Table add(int id, Class<?> type) {
      if (id <= lastId || id >= FIRST_EXTRA_ID) {
        throw new IllegalStateException(
            "message id " + id + " for " + type.getName() + " is not ascending or outside [100, 1000)");
      }
      if (ids.putIfAbsent(type, id) != null) {
        throw new IllegalStateException("class " + type.getName() + " registered twice");
      }
      lastId = id;
      return this;
    }

    Map<Class<?>, Integer> build() {
      return Collections.unmodifiableMap(ids);
    }
  }
}
