package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkRunner;
import tdpsim.protocol.Mode;

class SequentialReplayTest {
  /** Two vCPUs, no device, no host event: every access is replayed, whatever the order, until each quota ends. */
  private static final BenchScenarios.Shape TINY = new BenchScenarios.Shape("tiny", 1, 2, "16MiB", "zipf",
      "10ms", false);

  @Test
  void replayFaultsAsOftenAsTheDeterministicActorRun() {
    Map<String, Object> quota = Map.of("tdpsim.scenario.run.max-accesses-per-vcpu", 3000);
    LoadedScenario actors = load(quota, true);
    ModeResult run = WorkRunner.run(actors, Mode.SHARED_IOPF);
    assertThat(run.complete()).isTrue();

    LoadedScenario seq = load(quota, true);
    MachineSpec spec = ScenarioMapper.toMachine(seq.scenario(), Mode.SHARED_IOPF, seq.settings());
    SequentialReplay.Counts c = SequentialReplay.counts(spec);

    assertThat(c.vcpuAccesses()).isEqualTo(run.report().counters().get("vcpuAccesses")).isEqualTo(6000);
    assertThat(c.vcpuFaults()).isPositive().isEqualTo(run.report().counters().get("vcpuFaults"));
    assertThat(c.tlbHits()).isEqualTo(run.report().counters().get("tlbHits"));
  }

  @Test
  void measurementCountsAccessesAndChecksLiveness() {
    LoadedScenario s = load(Map.of("tdpsim.scenario.run.max-accesses-per-vcpu", 500), true);
    Measurement m = SequentialReplay.run(ScenarioMapper.toMachine(s.scenario(), Mode.SEPARATE, s.settings()));
    assertThat(m.accesses()).isEqualTo(1000);
    assertThat(m.messages()).isZero();
    assertThat(m.complete()).isTrue();
    assertThat(m.windowSeconds()).as("the windows alone, without the build").isPositive()
        .isLessThanOrEqualTo(m.wallSeconds());
  }

  /**
   * The bench's access-path scenarios do what their names say (over 20 ms: 160,000-odd accesses each): with the
   * hot set inside the TLB nearly every access hits, with a 4-entry TLB nearly every one walks. If either
   * drifted towards the other, the bench's hit and walk figures would both measure a mix.
   */
  @Test
  void accessPathScenariosHitAndMissTheTlbAsNamed() {
    SequentialReplay.Counts resident = counts("tlb-resident");
    assertThat((double) resident.tlbHits() / resident.vcpuAccesses()).isGreaterThan(0.9);
    SequentialReplay.Counts miss = counts("tlb-miss");
    assertThat((double) miss.tlbHits() / miss.vcpuAccesses()).isLessThan(0.05);
    assertThat(miss.walks()).isGreaterThan(miss.vcpuAccesses() * 95 / 100);
    assertThat(resident.violations() + miss.violations()).isZero();
  }

  private static SequentialReplay.Counts counts(String benchScenario) {
    LoadedScenario s = LoadedScenario.load(tdpsim.main.Cli.projectRoot().resolve("scenarios/bench/"
        + benchScenario + ".conf"), Map.of("tdpsim.scenario.run.duration", "20ms"), false);
    return SequentialReplay.counts(ScenarioMapper.toMachine(s.scenario(), Mode.SHARED_IOPF, s.settings()));
  }

  /** The simulator's measurement times its windows apart from start-up, build, stats and shutdown. */
  @Test
  void simulatorRunTimesItsWindowsApartFromTheRest() {
    LoadedScenario s = load(Map.of("tdpsim.scenario.run.max-accesses-per-vcpu", 500), true);
    Measurement m = SimulatorRun.run("sim", ScenarioMapper.toMachine(s.scenario(), Mode.SEPARATE, s.settings()), 2);
    assertThat(m.accesses()).isEqualTo(1000);
    assertThat(m.windowSeconds()).isPositive().isLessThan(m.wallSeconds());
  }

  /**
   * 2 MiB touched over and over by one vCPU, reclaimed whole at 5 ms (the first pass takes ~2.2 ms): the replay
   * zaps, flushes the TLB and refaults every page once, as the actors do (512 first touches + 512 refaults), and
   * never uses a stale entry.
   */
  @Test
  void replaysHostReclaimLikeTheActors() throws java.io.IOException {
    String hocon = String.join("\n",
        "tdpsim.scenario {",
        "  name = reclaim-replay, seed = 3, deterministic = true, modes = [shared-iopf]",
        "  run.duration = 10ms",
        "  vms = [{ name = vm, vcpus = 1, memslots = [{ gpa = 0, size = 2MiB }],",
        "    access { pattern = sequential, think-time = 100ns } }]",
        "  host-events = [{ kind = reclaim, vm = vm, start = 5ms, every = 10ms, range = 2MiB }]",
        "}");
    Path file = java.nio.file.Files.createTempFile("reclaim", ".conf");
    try {
      java.nio.file.Files.writeString(file, hocon);
      LoadedScenario s = LoadedScenario.load(file, Map.of(), true);
      MachineSpec spec = ScenarioMapper.toMachine(s.scenario(), Mode.SHARED_IOPF, s.settings());
      SequentialReplay.Counts c = SequentialReplay.counts(spec);
      assertThat(c.hostEvents()).isEqualTo(1);
      assertThat(c.zaps()).isEqualTo(1);
      assertThat(c.vcpuFaults()).isEqualTo(512 + 512);
      assertThat(SequentialReplay.run(spec).complete()).as("no stale translation used").isTrue();

      ModeResult run = WorkRunner.run(LoadedScenario.load(file, Map.of(), true), Mode.SHARED_IOPF);
      assertThat(run.report().counters().get("vcpuFaults")).isEqualTo(c.vcpuFaults());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  private static LoadedScenario load(Map<String, Object> overrides, boolean deterministic) {
    try {
      Path file = java.nio.file.Files.createTempFile("tiny", ".conf");
      java.nio.file.Files.writeString(file, BenchScenarios.hocon(TINY));
      try {
        return LoadedScenario.load(file, overrides, deterministic);
      } finally {
        java.nio.file.Files.deleteIfExists(file);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
