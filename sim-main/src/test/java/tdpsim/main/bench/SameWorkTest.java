package tdpsim.main.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.engine.ModeRunner;
import tdpsim.main.engine.WallClock;
import tdpsim.main.work.LoadedScenario;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Mode;

/**
 * The sequential replay does the simulator's work: the same scenario run by the actor engine with
 * {@code --deterministic} and by {@link SequentialReplay} gives every vCPU and every device the same counters,
 * exactly (accesses, TLB/IOTLB/device-TLB hits and misses, faults, page requests, allocations, format hazards,
 * and each vCPU's final virtual clock), in every design.
 *
 * <p>Two things differ between the two by construction, and are switched off in the exact comparison:
 * <ul>
 *   <li><b>Host events.</b> In the actors an invalidation is a chain of messages that spans virtual time (the zap
 *       holds mmu_lock for write while vCPUs keep faulting and wait behind it; each vCPU takes the flush IPI
 *       between two chunks, at its own clock); the replay applies the event whole at the start of its window.
 *       TLB hits and misses, INVEPTs, mmu_lock waits and clocks then differ, while quota-bound access counts do
 *       not ({@link #withHostEventsOnlyTheWorkIsTheSame}).</li>
 *   <li><b>The host's zeroing queue</b> ({@code tdpsim.cost.host.zeroing-bandwidth}), shared by every
 *       allocation: each takes the earliest idle stretch at or after its arrival, but when two overlap in
 *       virtual time, which takes the earlier stretch follows the order they reach the queue, chunk by chunk
 *       across entities in the actors and entity by entity within a window in the replay; the waits, so the
 *       clocks, can differ.</li>
 * </ul>
 * The page request queue does not matter here: a device's DMA count is bound by its transfer, not by time.
 */
class SameWorkTest {
  private static final Map<String, Object> NO_HOST_EVENTS_NO_ZEROING_QUEUE = Map.of(
      "tdpsim.scenario.host-events", List.of(), "tdpsim.cost.host.zeroing-bandwidth.value", "0");

  @ParameterizedTest
  @EnumSource(Mode.class)
  void builtInDefaultGivesEveryEntityTheSameCountersBothWays(Mode mode) {
    assertSameCounters(null, mode);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void unifiedFaultsGivesEveryEntityTheSameCountersBothWays(Mode mode) {
    assertSameCounters(Path.of("../scenarios/unified-faults.conf"), mode);
  }

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"SHARED_IOPF", "SEPARATE"})
  void withHostEventsOnlyTheWorkIsTheSame(Mode mode) {
    Map<String, Map<String, Long>> actors = actorRun(null, mode, Map.of());
    SequentialReplay.Counts replay = SequentialReplay.counts(spec(null, mode, Map.of()));
    assertThat(sum(actors, Counter.VCPU_ACCESSES)).isEqualTo(replay.vcpuAccesses()).isEqualTo(4 * 4000);
    assertThat(sum(actors, Counter.DMA_TRANSLATIONS)).isEqualTo(replay.dmaTranslations()).isEqualTo(1024);
    assertThat(replay.violations()).isZero();
  }

  /**
   * The bench's large-population (64 VMs x 8 vCPUs, 256 devices) without the zeroing queue: the engine on one
   * thread and the replay do the same work within 2 % (devices run for time and their page requests queue in
   * the engine only, so not exactly: 728,272 against 738,018 accesses over 1 ms). The queue is off because it
   * throttles the run (next test), not because the two would differ.
   */
  @Test
  void benchLargePopulationDoesTheSameWorkBothWays() {
    assertThat(engineOverReplayAccesses(Bench.largePopulationOverrides("1ms"), 100_000)).isBetween(0.98, 1.02);
  }

  /**
   * Large-population as it ships, with the host's zeroing queue: 512 vCPUs first-touching 64 MiB each keep the
   * queue saturated, and the engine reaches it in another order than the replay. While a queue kept only the end
   * of the last job it handled, that order decided the waits: over 1 ms the replay did 1,329 accesses and the
   * engine 5,396 (and over 5 ms, 2,864 against 39,779). With jobs placed by their virtual arrival
   * ({@code queue/BusyCalendar}): 6,695 against 6,453.
   */
  @Test
  void benchLargePopulationWithTheZeroingQueueDoesTheSameWorkBothWays() {
    assertThat(engineOverReplayAccesses(Map.of("tdpsim.scenario.run.duration", "1ms"), 3_000)).isBetween(0.9, 1.1);
  }

  /** Large-population with {@code overrides}: the engine's accesses on one thread over the replay's. */
  private static double engineOverReplayAccesses(Map<String, Object> overrides, long replayAtLeast) {
    LoadedScenario s = LoadedScenario.load(Path.of("../scenarios/large-population.conf"), overrides, false);
    long replay = SequentialReplay.run(ScenarioMapper.toMachine(s.scenario(), Mode.SHARED_IOPF, s.settings()))
        .accesses();
    long engine = SimulatorRun.run("engine", ScenarioMapper.toMachine(s.scenario(), Mode.SHARED_IOPF,
        s.settings()), 1).accesses();
    assertThat(replay).isGreaterThan(replayAtLeast);
    return (double) engine / replay;
  }

  private static void assertSameCounters(Path file, Mode mode) {
    Map<String, Map<String, Long>> actors = actorRun(file, mode, NO_HOST_EVENTS_NO_ZEROING_QUEUE);
    SequentialReplay.Counts replay = SequentialReplay.counts(spec(file, mode, NO_HOST_EVENTS_NO_ZEROING_QUEUE));
    Map<String, Map<String, Long>> replayed = new TreeMap<>();
    for (EntityStats e : replay.entities()) {
      replayed.put(e.entity(), new TreeMap<>(e.counters()));
    }
    Map<String, Map<String, Long>> simulated = new TreeMap<>();
    actors.forEach((entity, counters) -> {
      if (entity.contains(".vcpu") || entity.startsWith("device")) {
        Map<String, Long> c = new TreeMap<>(counters);
        c.remove(Counter.MESSAGES.reportName());
        simulated.put(entity, c);
      }
    });
    assertThat(replayed).as("%s: every vCPU's and device's counters", mode.configName()).isEqualTo(simulated);
    assertThat(sum(actors, Counter.VCPU_ACCESSES)).isPositive();
  }

  private static long sum(Map<String, Map<String, Long>> entities, Counter c) {
    return entities.values().stream().mapToLong(m -> m.getOrDefault(c.reportName(), 0L)).sum();
  }

  /** The actor engine, deterministic (one thread, FIFO): each entity's counters by entity name. */
  private static Map<String, Map<String, Long>> actorRun(Path file, Mode mode, Map<String, Object> overrides) {
    ModeRunner.Outcome o = ModeRunner.run(spec(file, mode, overrides), true, SimulatorRun.executor(1),
        ConfigFactory.load(), new RunProgress(WallClock::nowNanos));
    assertThat(o.finished().complete()).isTrue();
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (EntityStats e : o.finished().entities()) {
      out.put(e.entity(), e.counters());
    }
    return out;
  }

  private static MachineSpec spec(Path file, Mode mode, Map<String, Object> overrides) {
    LoadedScenario s = LoadedScenario.load(file, overrides, true);
    ScenarioMapper.checkModes(s.scenario(), List.of(mode));
    return ScenarioMapper.toMachine(s.scenario(), mode, s.settings());
  }
}
