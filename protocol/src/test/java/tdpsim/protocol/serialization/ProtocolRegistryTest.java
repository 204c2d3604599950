package tdpsim.protocol.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.ZapCause;

class ProtocolRegistryTest {
  /**
   * The wire ids as released. Changing a line here breaks mixed-version nodes: add new lines, never edit one.
   */
  private static final String SNAPSHOT = """
      100 tdpsim.protocol.Mode
      101 tdpsim.protocol.PageSize
      102 tdpsim.protocol.AccessKind
      103 tdpsim.protocol.ZapCause
      104 tdpsim.protocol.EntityStats
      105 tdpsim.protocol.MigrationReport
      106 tdpsim.protocol.RoundStats
      107 tdpsim.protocol.RoundStats$Dirtied
      110 tdpsim.protocol.Vcpu$RunWindow
      112 tdpsim.protocol.Vcpu$FlushTlb
      113 tdpsim.protocol.Vcpu$TlbFlushed
      114 tdpsim.protocol.Vcpu$ReportStats
      115 tdpsim.protocol.Vcpu$Pause
      116 tdpsim.protocol.Vcpu$Paused
      120 tdpsim.protocol.TdpMmu$Fault
      121 tdpsim.protocol.TdpMmu$FaultResolved
      122 tdpsim.protocol.TdpMmu$FaultSource
      123 tdpsim.protocol.TdpMmu$Invalidate
      124 tdpsim.protocol.TdpMmu$InvalidateDone
      125 tdpsim.protocol.TdpMmu$ZapRange
      126 tdpsim.protocol.TdpMmu$Quiesce
      127 tdpsim.protocol.TdpMmu$Quiesced
      128 tdpsim.protocol.TdpMmu$ReportStats
      129 tdpsim.protocol.TdpMmu$InvalidateRangeEnd
      140 tdpsim.protocol.Iommu$PageRequest
      141 tdpsim.protocol.Iommu$InvalidateIotlb
      142 tdpsim.protocol.Iommu$IotlbInvalidated
      143 tdpsim.protocol.Iommu$MmuNotifierInvalidate
      144 tdpsim.protocol.Iommu$ReportStats
      145 tdpsim.protocol.Iommu$MmuNotifierInvalidateEnd
      149 tdpsim.protocol.Iommu$SwitchRoot
      160 tdpsim.protocol.AssignedDevice$RunWindow
      162 tdpsim.protocol.AssignedDevice$PageResponse
      163 tdpsim.protocol.AssignedDevice$InvalidateDevTlb
      164 tdpsim.protocol.AssignedDevice$DevTlbInvalidated
      165 tdpsim.protocol.AssignedDevice$ReportStats
      166 tdpsim.protocol.AssignedDevice$Quiesce
      167 tdpsim.protocol.AssignedDevice$Quiesced
      180 tdpsim.protocol.HostMemory$RunWindow
      182 tdpsim.protocol.HostMemory$ReportStats
      200 tdpsim.protocol.Machine$Start
      201 tdpsim.protocol.Machine$Finished
      220 tdpsim.protocol.Experiment$Run
      221 tdpsim.protocol.Experiment$Started
      222 tdpsim.protocol.Experiment$Finished
      223 tdpsim.protocol.Experiment$Failed
      224 tdpsim.protocol.Experiment$Challenge
      225 tdpsim.protocol.Experiment$Proof
      240 tdpsim.protocol.Migration$RunWindow
      242 tdpsim.protocol.Migration$ReportStats
      260 tdpsim.protocol.VmSupervisor$VmReady
      """;

  @Test
  void everyWireClassHasAnId() {
    assertThat(ProtocolRegistry.missingIds())
        .as("protocol classes without a ProtocolRegistry id (add one line each; see docs/wire.md)")
        .isEmpty();
  }

  @Test
  void everyIdNamesAWireClass() {
    assertThat(ProtocolRegistry.wireClasses()).containsExactlyInAnyOrderElementsOf(
        ProtocolRegistry.messageIds().keySet());
  }

  @Test
  void walkFindsPermittedCommandsRepliesNestedEnumsAndComponentTypes() {
    assertThat(ProtocolRegistry.wireClasses()).contains(
        Vcpu.FlushTlb.class, Vcpu.TlbFlushed.class, AssignedDevice.PageResponse.class, TdpMmu.FaultSource.class,
        ZapCause.class, EntityStats.class);
    assertThat(ProtocolRegistry.wireClasses()).noneMatch(Class::isInterface);
  }

  @Test
  void idsAreUniqueAndMatchTheReleasedSnapshot() {
    Map<Class<?>, Integer> ids = ProtocolRegistry.messageIds();
    assertThat(ids.values()).doesNotHaveDuplicates().allMatch(id -> id >= ProtocolRegistry.FIRST_MESSAGE_ID);
    Map<Integer, String> table = new LinkedHashMap<>();
    ids.forEach((type, id) -> table.put(id, type.getName()));
    StringBuilder actual = new StringBuilder();
    table.forEach((id, name) -> actual.append(id).append(' ').append(name).append('\n'));
    assertThat(actual.toString()).isEqualTo(SNAPSHOT);
  }

  @Test
  void supportIdsStayBelowMessageIds() {
    assertThat(List.of(
          ProtocolRegistry.BYTE_ARRAY_ID, ProtocolRegistry.INT_ARRAY_ID, ProtocolRegistry.LONG_ARRAY_ID,
          ProtocolRegistry.LIST_N_ID, ProtocolRegistry.LIST_12_ID, ProtocolRegistry.MAP_N_ID,
          ProtocolRegistry.MAP_1_ID, ProtocolRegistry.SET_N_ID, ProtocolRegistry.SET_12_ID,
          ProtocolRegistry.TYPED_ACTOR_REF_ID, ProtocolRegistry.CLASSIC_ACTOR_REF_ID))
        .doesNotHaveDuplicates()
        .allMatch(id -> id >= 10 && id < ProtocolRegistry.FIRST_MESSAGE_ID);
  }
}
