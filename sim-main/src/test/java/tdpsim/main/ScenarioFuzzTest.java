package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import tdpsim.main.work.LoadedScenario;

/**
 * Issue 18: random mutations of the shipped scenarios (a deleted line, swapped values, a random unit, random
 * bytes) each end within a time bound, either accepted or refused with one line. Bounded tries here, for CI;
 * {@code mvn -Pfuzz} runs {@link ScenarioFuzzLong} with many more.
 */
class ScenarioFuzzTest {
  /** Mutated scenarios are cut to this much virtual time when they run, so that each run is short. */
  static final String SHORT_RUN = "\ntdpsim.scenario.run.duration = 100us\ntdpsim.engine.watchdog = 30s\n";
  private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuzz-run");
    t.setDaemon(true);
    return t;
  });
  private static Path work;

  @AfterContainer
  static void stop() {
    RUNNER.shutdownNow();
  }

  static synchronized Path work() throws IOException {
    if (work == null) {
      work = ScenarioMutations.workDir(Files.createTempDirectory("tdpsim-fuzz"));
    }
    return work;
  }

  static Path mutated(int scenario, int kind, long seed, String suffix) throws IOException {
    List<Path> shipped = ScenarioMutations.shipped();
    Path original = shipped.get(scenario % shipped.size());
    byte[] bytes = ScenarioMutations.mutate(Files.readAllBytes(original), kind, seed);
    Path file = work().resolve("m-" + original.getFileName());
    Files.write(file, bytes);
    if (!suffix.isEmpty()) {
      Files.writeString(file, suffix, java.nio.file.StandardOpenOption.APPEND);
    }
    return file;
  }

  /** Loading (everything a run does before its first actor): accepted, or one line, within 10 s. */
  @Property(tries = 120)
  void aMutatedScenarioLoadsOrFailsInOneLine(@ForAll @IntRange(min = 0, max = 99) int scenario,
      @ForAll @IntRange(min = 0, max = ScenarioMutations.KINDS - 1) int kind, @ForAll long seed) throws Exception {
    Path file = mutated(scenario, kind, seed, "");
    Future<String> f = RUNNER.submit(() -> {
      try {
        LoadedScenario loaded = LoadedScenario.load(file, Map.of(), true);
        HeapEstimate.check(loaded.origin(), loaded.scenario(), loaded.scenario().modes(),
            Runtime.getRuntime().maxMemory());
        return null;
      } catch (UserException e) {
        return e.getMessage();
      }
    });
    String error;
    try {
      error = f.get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError(ScenarioMutations.describe(kind) + " seed " + seed + ": loading took over 10 s");
    }
    if (error != null) {
      assertThat(error).as(ScenarioMutations.describe(kind)).doesNotContain("\n").isNotBlank();
    }
  }

  /** The whole command, cut short: exit 0 or 2, and one stderr line for 2, within 90 s. */
  @Property(tries = 8)
  void aMutatedScenarioRunsOrFailsInOneLine(@ForAll @IntRange(min = 0, max = 99) int scenario,
      @ForAll @IntRange(min = 0, max = ScenarioMutations.KINDS - 1) int kind, @ForAll long seed) throws Exception {
    runOnce(scenario, kind, seed);
  }

  static void runOnce(int scenario, int kind, long seed) throws Exception {
    Path file = mutated(scenario, kind, seed, SHORT_RUN);
    Path out = work().resolve("out-" + System.nanoTime());
    Future<Cli.Result> f = RUNNER.submit(() -> Cli.run("run", file.toString(), "--quiet", "--out", out.toString()));
    Cli.Result r;
    try {
      r = f.get(90, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError(ScenarioMutations.describe(kind) + " of scenario " + scenario + " seed " + seed
          + ": did not end within 90 s");
    }
    String what = ScenarioMutations.describe(kind) + ": " + r.err();
    assertThat(r.exitCode()).as(what).isIn(0, 2);
    if (r.exitCode() == 2) {
      assertThat(r.errLines()).as(what).hasSize(1);
    }
    assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
