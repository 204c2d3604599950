package tdpsim.loadgen.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tdpsim.loadgen.WorkloadKind;
import tdpsim.loadgen.dma.DmaWorkload;
import tdpsim.loadgen.host.HostEventSchedule;
import tdpsim.protocol.Mode;
import tdpsim.protocol.PageSize;

/** Every file in the top-level scenarios/ directory loads, validates and can build its workloads. */
class ScenarioLibraryTest {
  /** Surefire runs in the module directory. */
  private static final Path SCENARIOS = Path.of("..", "scenarios");

  static Stream<Path> scenarioFiles() throws IOException {
    try (Stream<Path> files = Files.list(SCENARIOS)) {
      return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList().stream();
    }
  }

  private static Scenario load(String name) {
    return ScenarioLoader.load(SCENARIOS.resolve(name));
  }

  @ParameterizedTest
  @MethodSource("scenarioFiles")
  void everyScenarioLoadsAndBuildsItsWorkloads(Path file) {
    Scenario s = ScenarioLoader.load(file);

    assertThat(s.name()).isEqualTo(file.getFileName().toString().replace(".conf", ""));
    // Short runs; a migration needs its bulk copy and a few rounds at link speed, so those run longer. Under
    // run.until = work the duration is only the cap, which must let every design finish (ScenarioLibraryRunTest):
    // footprint's iopf designs need 165 ms, migration-1g-pages' separate design 415 ms (its 1 GiB is resent).
    assertThat(s.run().durationNs()).isLessThanOrEqualTo(
        !s.migrations().isEmpty() || s.run().untilWork() ? 600_000_000L : 5_000_000L);
    long[] buf = new long[64];
    for (var vm : s.vms().subList(0, Math.min(2, s.vms().size()))) {
      for (int vcpu = 0; vcpu < vm.vcpus(); vcpu++) {
        assertThat(WorkloadKind.forVcpu(vm, vcpu, s.seed()).next(buf, buf.length)).isPositive();
      }
    }
    for (var device : s.devices().subList(0, Math.min(4, s.devices().size()))) {
      assertThat(DmaWorkload.create(device, s.seed()).next(buf, buf.length)).isEqualTo(buf.length);
    }
    new HostEventSchedule(s).forEachRemaining(e -> assertThat(s.vm(e.vmIndex()).containsGfn(e.startGfn())).isTrue());
  }

  @Test
  void theLibraryHasTheAgreedScenarios() throws IOException {
    assertThat(scenarioFiles().map(f -> f.getFileName().toString()))
        .contains("footprint.conf", "unified-faults.conf", "zaps-avoided.conf", "prepopulate.conf",
            "demand-paging.conf", "dirty-log.conf", "access-tracking.conf", "large-population.conf",
            "viommu.conf", "trace-replay.conf");
  }

  @Test
  void footprintComparesBackingSizes() {
    assertThat(load("footprint.conf").vms()).extracting(vm -> vm.memslots().get(0).backing())
        .containsExactly(PageSize.SIZE_4K, PageSize.SIZE_2M, PageSize.SIZE_1G);
  }

  @Test
  void largePopulationHasTheAgreedSize() {
    Scenario s = load("large-population.conf");
    assertThat(s.vms()).hasSize(64);
    assertThat(s.totalVcpus()).isEqualTo(512);
    assertThat(s.devices()).hasSize(256);
    assertThat(s.devices()).extracting(DeviceSettings::iommuUnit).containsOnly(0, 1, 2, 3);
    assertThat(s.host().iommuUnits()).isEqualTo(4);
  }

  @Test
  void zapsAvoidedUsesEveryHostEventKind() {
    assertThat(load("zaps-avoided.conf").hostEvents()).extracting(HostEventSettings::kind)
        .containsExactlyInAnyOrder(HostEventKind.values());
  }

  @Test
  void unifiedFaultsSharesMemoryBetweenVcpusAndAPriDevice() {
    Scenario s = load("unified-faults.conf");
    assertThat(s.modes()).containsExactly(Mode.SEPARATE_IOPF, Mode.SHARED_IOPF);
    assertThat(s.devices()).singleElement().satisfies(d -> assertThat(d.pri()).isTrue());
    assertThat(s.vm(0).access().perVcpuPartition()).isFalse();
  }

  @Test
  void demandPagingTouchesEachVcpusMemoryOnce() {
    var access = load("demand-paging.conf").vm(0).access();
    assertThat(List.of(access.pattern(), access.passes(), access.perVcpuPartition()))
        .containsExactly(AccessPattern.SEQUENTIAL, 1, true);
  }

  @Test
  void traceReplayResolvesItsTraceNextToTheScenario() {
    assertThat(load("trace-replay.conf").vm(0).access().traceFile()).hasValueSatisfying(
        p -> assertThat(p).endsWith(Path.of("scenarios", "traces", "touch.lackey")).isAbsolute());
  }
}
