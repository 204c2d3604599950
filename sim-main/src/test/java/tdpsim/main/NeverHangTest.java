package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, end to end through {@link Main#execute}: the inputs that used to hang or print stack traces each end
 * within 30 s with exit 2 and one line; a run that fails or stalls ends promptly with exit 1 and a report marked
 * incomplete.
 */
class NeverHangTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "never-hang-test");
    t.setDaemon(true);
    return t;
  });

  @TempDir
  Path tmp;

  @AfterAll
  static void stop() {
    RUNNER.shutdownNow();
  }

  /** Runs the command line, failing the test (not hanging it) after {@code limit}. */
  private static Cli.Result within(Duration limit, String... args) throws Exception {
    Future<Cli.Result> f = RUNNER.submit(() -> Cli.run(args));
    try {
      return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      throw new AssertionError("tdpsim " + String.join(" ", args) + " did not end within " + limit);
    }
  }

  private Path scenario(String name, String body) throws IOException {
    return Files.writeString(tmp.resolve(name), body);
  }

  private static String vm(String rest) {
    return "tdpsim.scenario { name = t, run.duration = 1ms, modes = [separate], vms = [{ name = vm, vcpus = 1, "
        + rest + " }] }";
  }

  private void assertOneLineExit2(Cli.Result r, String expected) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("tdpsim: ").contains(expected).doesNotContain("Exception");
  }

  @Test
  void theExamplesThatHungNowExit2WithinThirtySeconds() throws Exception {
    String[][] cases = {
        {"pib.conf", vm("memslots = [{ gpa = 0, size = 1PiB }]"), "memslots[0].size = 1PiB"},
        {"gpa.conf", vm("memslots = [{ gpa = \"0x1000000000000\", size = 4KiB }]"), "memslots[0].gpa"},
        {"vms.conf", vm("count = 262145, memslots = [{ gpa = 0, size = 4KiB }]"), "40-bit host frame space"},
    };
    for (String[] c : cases) {
      Path s = scenario(c[0], c[1]);
      assertOneLineExit2(within(Duration.ofSeconds(30), "run", s.toString(), "--quiet", "--out",
          tmp.resolve("o-" + c[0]).toString()), c[2]);
      assertThat(tmp.resolve("o-" + c[0])).doesNotExist();
    }
  }

  @Test
  void aSweepWithAnUnbuildablePointExits2() throws Exception {
    scenario("ok.conf", vm("memslots = [{ gpa = 0, size = 16MiB }]"));
    Path sweep = scenario("sweep.conf", """
        sweep {
          name = pib
          scenario = "ok.conf"
          modes = [separate]
          parameters { "tdpsim.scenario.vms" = [
            [{ name = vm, memslots = [{ gpa = 0, size = 16MiB }] }],
            [{ name = vm, memslots = [{ gpa = 0, size = 1PiB }] }] ] }
        }
        """);
    Cli.Result r = within(Duration.ofSeconds(30), "sweep", sweep.toString(), "--quiet", "--out",
        tmp.resolve("sweep-out").toString());
    assertOneLineExit2(r, "1PiB");
  }

  @Test
  void aHeapFloorAboveTheMaximumIsRefusedAtLoad() throws Exception {
    // One VM of 2 TiB at 4 KiB with a device, pinned and mapped at start by `separate`: 2^29 leaves of 8 bytes.
    Path s = scenario("big.conf", "tdpsim.scenario { name = big, modes = [separate], vms = [{ name = vm, vcpus = 1,"
        + " memslots = [{ gpa = 0, size = 2TiB }] }], devices = [{ name = nic, vm = vm }] }");
    long max = Runtime.getRuntime().maxMemory();
    org.junit.jupiter.api.Assumptions.assumeTrue(max < (4L << 30), "the test JVM's heap is below 4 GiB");
    Cli.Result r = within(Duration.ofSeconds(30), "run", s.toString(), "--quiet", "--out",
        tmp.resolve("big").toString());
    assertOneLineExit2(r, "need about 5 GiB of heap");
    assertThat(r.errLines().get(0)).contains("run with -Xmx6g or fewer VMs");
  }

  @Test
  void theWatchdogEndsAStalledRunWithAnIncompleteReport() throws Exception {
    // A watchdog far shorter than the build (VFIO pins and maps 16 GiB at 4 KiB before the first window, long
    // past the watch's first 100 ms look even in a warmed-up JVM): the
    // machine's virtual time has not advanced when the watchdog looks, as in a stalled machine.
    Path s = scenario("stall.conf", "tdpsim.engine.watchdog = 1ns\n"
        + vm("memslots = [{ gpa = 0, size = 16GiB }]").replace("}] }] }", "}] }], devices = [{ name = nic, vm = vm }] }"));
    Path out = tmp.resolve("stall");
    long start = System.nanoTime();
    Cli.Result r = within(Duration.ofSeconds(60), "run", s.toString(), "--quiet", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.errLines()).singleElement().asString().startsWith("tdpsim: run incomplete: separate: ")
        .contains("watchdog");
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.get("complete").asBoolean()).isFalse();
    assertThat(report.get("incompleteReason").asText()).contains("no progress in virtual time");
    assertThat(out.resolve("report.html")).isNotEmptyFile();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
  }

  @Test
  void traceAndConfigLibraryErrorsAreOneLineWithFileAndLine() throws Exception {
    Path bin = tmp.resolve("bin.lackey");
    Files.write(bin, new byte[] {(byte) 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, '\n'});
    Path s = scenario("trace.conf", vm("memslots = [{ gpa = 0, size = 16MiB }], access { pattern = trace, "
        + "trace-file = bin.lackey }"));
    assertOneLineExit2(within(Duration.ofSeconds(30), "run", s.toString(), "--quiet", "--out",
        tmp.resolve("t").toString()), "bin.lackey: line 1: binary data");

    Path unresolved = scenario("nr.conf", "tdpsim.scenario.seed = 1\n" + vm("memslots = [{ gpa = 0, size = ${nope} }]"));
    assertOneLineExit2(within(Duration.ofSeconds(30), "run", unresolved.toString(), "--quiet", "--out",
        tmp.resolve("nr").toString()), "nr.conf: line 2: Could not resolve substitution to a value: ${nope}");
  }

  @Test
  void commandLineValuesOutOfRangeAreOneLine() throws Exception {
    assertOneLineExit2(within(Duration.ofSeconds(30), "footprint", "--memory", "1EiB"),
        "--memory 1EiB: more guest memory than the 40-bit host frame space holds");
    assertOneLineExit2(within(Duration.ofSeconds(30), "footprint", "--backing", "1GiB", "--memory", "300TiB"),
        "--memory 300TiB");
    assertOneLineExit2(within(Duration.ofSeconds(30), "node", "--port", "99999"),
        "--port 99999: expected a TCP port in 0..65535");
  }

  @Test
  void outIsCheckedBeforeTheRunAndForceReplacesTheSetWhole() throws Exception {
    Path s = scenario("ok.conf", vm("memslots = [{ gpa = 0, size = 16MiB }]"));
    assertOneLineExit2(within(Duration.ofSeconds(30), "run", s.toString(), "--quiet", "--out", ""),
        "--out \"\"");
    assertOneLineExit2(within(Duration.ofSeconds(30), "run", s.toString(), "--quiet", "--out", "/proc/tdpsim"),
        "under /proc");
    assertOneLineExit2(within(Duration.ofSeconds(30), "run", s.toString(), "--quiet", "--out", s.toString()),
        "not a directory");
    Path out = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(out.resolve("old.txt"), "an older run");
    assertOneLineExit2(within(Duration.ofSeconds(30), "run", s.toString(), "--quiet", "--out", out.toString()),
        "is not empty");

    Cli.Result r = within(Duration.ofSeconds(120), "run", s.toString(), "--quiet", "--deterministic", "--force",
        "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(out.resolve("old.txt")).doesNotExist();
    assertThat(out.resolve("report.json")).isNotEmptyFile();
    try (var siblings = Files.list(tmp)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp"));
    }
  }

  @Test
  void aLateEventIsAWarningInTheReport() throws Exception {
    Path s = scenario("late.conf", vm("memslots = [{ gpa = 0, size = 16MiB }]")
        .replace("}] }] }", "}] }], migrations = [{ vm = vm, start = 5ms }] }"));
    Path out = tmp.resolve("late");
    Cli.Result r = within(Duration.ofSeconds(120), "run", s.toString(), "--quiet", "--deterministic", "--out",
        out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.errLines()).singleElement().asString().startsWith("tdpsim: warning: ")
        .contains("migrations[0].start = 5ms is at or after tdpsim.scenario.run.duration");
    JsonNode warnings = JSON.readTree(out.resolve("report.json").toFile()).get("warnings");
    assertThat(warnings.size()).isEqualTo(1);
    assertThat(warnings.get(0).asText()).contains("this migration never starts");
  }
}
