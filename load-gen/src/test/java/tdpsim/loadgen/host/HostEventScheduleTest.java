package tdpsim.loadgen.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tdpsim.loadgen.scenario.HostEventKind;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.loadgen.scenario.ScenarioLoader;
import tdpsim.loadgen.scenario.VmSettings;

class HostEventScheduleTest {
  private static Scenario scenario(long seed) {
    return ScenarioLoader.fromConfig(com.typesafe.config.ConfigFactory.parseMap(Map.of(
        "tdpsim.scenario.seed", seed,
        "tdpsim.scenario.run.duration", "1ms")).withFallback(com.typesafe.config.ConfigFactory.parseString("""
        tdpsim.scenario {
          vms = [{ name = a, memslots = [{ gpa = 0, size = 8MiB }, { gpa = 1GiB, size = 4MiB, backing = 2MiB }] }]
          host-events = [
            { kind = reclaim, vm = a, every = 200us, range = 2MiB }
            { kind = ksm, vm = a, every = 300us, start = 100us, range = 64KiB,
              region { gpa = 0x100000, size = 1MiB } }
          ]
        }
        """)), "test");
  }

  private static List<HostEvent> all(Scenario s) {
    List<HostEvent> events = new ArrayList<>();
    new HostEventSchedule(s).forEachRemaining(events::add);
    return events;
  }

  @Test
  void eventsComeInTimeOrderUntilTheEndOfTheRun() {
    List<HostEvent> events = all(scenario(1));

    assertThat(events).extracting(HostEvent::timeNs)
        .containsExactly(0L, 100_000L, 200_000L, 400_000L, 400_000L, 600_000L, 700_000L, 800_000L);
    assertThat(events).extracting(HostEvent::kind).startsWith(HostEventKind.RECLAIM, HostEventKind.KSM);
    assertThat(events.get(3).source()).isZero(); // equal times: lower source first
  }

  @Test
  void eventsHitAlignedChunksInsideRegionAndMemslots() {
    Scenario s = scenario(5);
    VmSettings vm = s.vm(0);
    for (HostEvent e : all(s)) {
      long range = e.kind() == HostEventKind.RECLAIM ? 512 : 16;
      assertThat(e.pages()).isEqualTo(range);
      assertThat(e.startGfn() % range).isZero();
      assertThat(vm.containsGfn(e.startGfn()) && vm.containsGfn(e.endGfn() - 1)).isTrue();
      if (e.kind() == HostEventKind.KSM) {
        assertThat(e.startGfn()).isBetween(0x100L, 0x200L - 16);
      }
    }
  }

  @Test
  void sameSeedSameScheduleOtherSeedOtherRanges() {
    assertThat(all(scenario(3))).isEqualTo(all(scenario(3)));
    assertThat(all(scenario(3))).extracting(HostEvent::startGfn)
        .isNotEqualTo(all(scenario(4)).stream().map(HostEvent::startGfn).toList());
  }
}
