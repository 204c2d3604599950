package tdpsim.loadgen.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: every limit the machine build enforces is checked at load, naming the key; config-library errors,
 * empty files and silent HOCON behaviour become one line (or a warning).
 */
class ScenarioLimitsTest {
  @TempDir
  Path dir;

  private Path write(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, body);
    return file;
  }

  private String error(String body) throws IOException {
    Path file = write("s.conf", body);
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ScenarioLoader.load(file));
    assertThat(t).isInstanceOf(ScenarioException.class);
    assertThat(t.getMessage()).doesNotContain("\n").startsWith(file + ": ");
    return t.getMessage().substring(file.toString().length() + 2);
  }

  private static String vm(String rest) {
    return "tdpsim.scenario.vms = [{ name = a, vcpus = 1, " + rest + " }]";
  }

  @Test
  void aPebibyteMemslotIsRefusedAtTheKey() throws IOException {
    assertThat(error(vm("memslots = [{ gpa = 0, size = 1PiB }]")))
        .startsWith("tdpsim.scenario.vms[0].memslots[0].size = 1PiB: memslot ends beyond 0x1000000000000");
    // With 5 levels the table reaches it, the 40-bit host frame space does not.
    assertThat(error("tdpsim.scenario.host.table-levels = 5\n" + vm("memslots = [{ gpa = 0, size = 1PiB }]")))
        .startsWith("tdpsim.scenario.vms[0].memslots[0].size = 1PiB: memslot ends at 0x4000000000000, beyond the "
            + "40-bit host frame space");
  }

  @Test
  void aGpaBeyondTheTableIsRefusedAtTheKey() throws IOException {
    assertThat(error(vm("memslots = [{ gpa = \"0x1000000000000\", size = 4KiB }]")))
        .startsWith("tdpsim.scenario.vms[0].memslots[0].gpa = 0x1000000000000: memslot ends beyond");
  }

  @Test
  void the16385thSmallVmDoesNotFitTheFrameSpace() throws IOException {
    // 2^14 VMs of up to 1 GiB each fit (40 bits = 8 generation bits + 18 span bits + 14 VM bits); one more not.
    assertThat(HostLimits.maxVms(1L << 18)).isEqualTo(16_384);
    assertThat(error(vm("count = 16385, memslots = [{ gpa = 0, size = 4KiB }]")))
        .isEqualTo("tdpsim.scenario.vms[0].count = 16385: VMs 0..16384 with guest-physical space up to 0x1000 "
            + "do not fit the 40-bit host frame space (at most 16384 such VMs in all); use fewer or smaller VMs");
  }

  @Test
  void aHugeCountFailsAtOnceInsteadOfExpandingBillionsOfVms() throws IOException {
    long start = System.nanoTime();
    assertThat(error(vm("count = 2000000000, memslots = [{ gpa = 0, size = 4KiB }]")))
        .startsWith("tdpsim.scenario.vms[0].count = 2000000000: ");
    assertThat(error(vm("count = 20, vcpus = 1000000, memslots = [{ gpa = 0, size = 16GiB }]")))
        .contains("more than 16777216 simulated vCPUs and devices");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
  }

  @Test
  void anUnresolvedSubstitutionIsOneLineWithItsLine() throws IOException {
    assertThat(error("tdpsim.scenario.run.duration = 1ms\n" + vm("memslots = [{ gpa = 0, size = ${nope} }]")))
        .isEqualTo("line 2: Could not resolve substitution to a value: ${nope}");
  }

  @Test
  void aFractionalSeedIsAnError() throws IOException {
    assertThat(error("tdpsim.scenario.seed = 1.5\n" + vm("memslots = [{ gpa = 0, size = 4KiB }]")))
        .isEqualTo("tdpsim.scenario.seed = 1.5: expected an integer");
  }

  @Test
  void noVmsAndAnEmptyFileAreNothingToSimulate() throws IOException {
    assertThat(error("tdpsim.scenario.vms = []")).contains("no VMs: nothing to simulate");
    assertThat(error("")).contains("nothing to simulate");
    assertThat(error("# only a comment\n")).contains("nothing to simulate");
  }

  @Test
  void rootKeysAreJudgedAgainstTdpsimsKeysNotJvmProperties() throws IOException {
    // "file" and "native" are JVM system properties: neither accepted nor suggested.
    assertThat(error("file = 1\n" + vm("memslots = [{ gpa = 0, size = 4KiB }]")))
        .isEqualTo("file = 1: unknown key; tdpsim's keys are under tdpsim { ... } (docs/scenario-schema.md)");
    assertThat(error("nativ = 1")).doesNotContain("native").contains("unknown key");
    assertThat(error("seed = 3")).isEqualTo("seed = 3: unknown key; did you mean tdpsim.scenario.seed?");
  }

  @Test
  void aMissingIncludeIsAWarningAndARequiredOneAnError() throws IOException {
    Path file = write("s.conf", "include \"nope.conf\"\n" + vm("memslots = [{ gpa = 0, size = 4KiB }]"));
    Scenario s = ScenarioLoader.load(file);
    assertThat(s.warnings()).singleElement().asString().startsWith("include \"nope.conf\" found no file");

    write("there.conf", "tdpsim.scenario.seed = 4");
    Path ok = write("t.conf", "include \"there.conf\"\n" + vm("memslots = [{ gpa = 0, size = 4KiB }]"));
    assertThat(ScenarioLoader.load(ok).warnings()).isEmpty();
    assertThat(ScenarioLoader.load(ok).seed()).isEqualTo(4);

    assertThat(error("include required(\"nope.conf\")\n" + vm("memslots = [{ gpa = 0, size = 4KiB }]")))
        .contains("nope.conf").doesNotContain("java.io");
  }

  @Test
  void eventsAfterTheRunEndAreWarnings() throws IOException {
    Scenario s = ScenarioLoader.load(write("s.conf", """
        tdpsim.scenario {
          run.duration = 1ms
          vms = [{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 16MiB }] }]
          host-events = [{ kind = reclaim, vm = a, start = 5ms, every = 1ms }]
          migrations = [{ vm = a, start = 1ms }]
        }
        """));
    assertThat(s.warnings()).containsExactly(
        "tdpsim.scenario.host-events[0].start = 5ms is at or after tdpsim.scenario.run.duration (1000000 ns): "
            + "this host event never happens",
        "tdpsim.scenario.migrations[0].start = 1ms is at or after tdpsim.scenario.run.duration (1000000 ns): "
            + "this migration never starts");
  }

  @Test
  void binaryScenarioBytesAreOneLine() throws IOException {
    java.util.SplittableRandom random = new java.util.SplittableRandom(18);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[1 + random.nextInt(400)];
      for (int j = 0; j < bytes.length; j++) {
        bytes[j] = (byte) random.nextInt(256);
      }
      Path file = dir.resolve("b" + i + ".conf");
      Files.write(file, bytes);
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ScenarioLoader.load(file));
      assertThat(t).as("sample %d", i).isInstanceOf(ScenarioException.class);
      assertThat(t.getMessage()).as("sample %d", i).doesNotContain("\n");
    }
  }
}
