package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dirty logging on and off as KVM does it (kvm_mmu_slot_apply_flags): turning it on splits THP-backed leaves in
 * place and zaps nothing; turning it off rebuilds the huge leaves in place (6.13+) or zaps the small leaves
 * (zap_collapsible_sptes, up to 6.12).
 */
class DirtyLogEventsRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private JsonNode run(String extra) throws IOException {
    Path conf = tmp.resolve("dirty-log-events.conf");
    Files.writeString(conf, """
        tdpsim.scenario {
          name = dirty-log-events
          seed = 5
          run.duration = 1ms
          modes = [shared-iopf, shared-prepopulated]
          vms = [{ name = vm, vcpus = 1, memslots = [{ gpa = 0, size = 16MiB, backing = 2MiB }],
                   access { pattern = sequential, write-ratio = 1, passes = 0 } }]
          devices = [{ name = nic, vm = vm, ats = true, pri = true,
                       dma { pattern = ring, buffer-base = 0xC00000, ring-size = 64KiB, rate = 1Gbit/s } }]
          host-events = [
            { kind = dirty-log, vm = vm, every = 10ms, start = 300us, range = 16MiB }
            { kind = dirty-log-stop, vm = vm, every = 10ms, start = 700us, range = 16MiB }
          ]
        }
        """ + extra);
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("run", conf.toString(), "--deterministic", "--quiet", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(out.resolve("report.json").toFile());
  }

  @Test
  void enablingSplitsInPlaceWithoutAZapAndDisablingRecoversInPlace() throws IOException {
    JsonNode report = run("");
    for (String mode : new String[] {"shared-iopf", "shared-prepopulated"}) {
      JsonNode m = report.get("modes").get(mode);
      JsonNode c = m.get("counters");
      assertThat(c.get("zaps").asLong()).as(mode).isZero();
      assertThat(c.get("dirtyLogSplits").asLong()).as(mode).isPositive();
      // Every block split at enable (and every one faulted in small while logging) is rebuilt at disable.
      assertThat(c.get("hugePagesRecovered").asLong()).as(mode).isGreaterThanOrEqualTo(
          c.get("dirtyLogSplits").asLong());
      assertThat(c.get("dmaFaults").asLong()).as(mode).isZero();
      // Leaf D bits were cleared: a flush (and IOTLB invalidation: the table is shared) had to follow.
      assertThat(c.get("tlbFlushes").asLong()).as(mode).isPositive();
      assertThat(c.get("iotlbInvalidations").asLong()).as(mode).isPositive();
      assertThat(m.get("invariantViolations")).as(mode).isEmpty();
    }
    // Pre-populated: all 16 MiB were eight 2 MiB leaves when logging started.
    JsonNode prepop = report.get("modes").get("shared-prepopulated").get("counters");
    assertThat(prepop.get("dirtyLogSplits").asLong()).isEqualTo(8);
    assertThat(prepop.get("hugePagesRecovered").asLong()).isEqualTo(8);
  }

  @Test
  void zapCollapsibleZapsTheSmallLeavesWhereDevicesMayFault() throws IOException {
    JsonNode report = run("tdpsim.scenario.dirty-log.disable = zap-collapsible\n");
    JsonNode iopf = report.get("modes").get("shared-iopf");
    assertThat(iopf.get("zapsByCause").get("dirty-log-stop").asLong()).isPositive();
    assertThat(iopf.get("counters").get("hugePagesRecovered").asLong()).isZero();
    JsonNode prepop = report.get("modes").get("shared-prepopulated");
    assertThat(prepop.get("counters").get("zaps").asLong()).isZero();
    assertThat(prepop.get("zapsAvoidedByCause").get("dirty-log-stop").asLong()).isPositive();
    assertThat(prepop.get("counters").get("hugePagesRecovered").asLong()).isEqualTo(8);
  }

  @Test
  void initiallySetChangesNothingAtEnable() throws IOException {
    JsonNode report = run("tdpsim.scenario.dirty-log { initially-set = true }\n");
    JsonNode c = report.get("modes").get("shared-prepopulated").get("counters");
    assertThat(c.get("dirtyLogSplits").asLong()).isZero();
    // Nothing was split, so nothing needs rebuilding at disable.
    assertThat(c.get("hugePagesRecovered").asLong()).isZero();
  }
}
