package tdpsim.main.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.UserException;
import tdpsim.main.work.LoadedScenario;
import tdpsim.protocol.Mode;

/**
 * The bench itself: the simulator on the built-in default and the large-population scenario next to the raw
 * Pekko baseline of the same message pattern and the sequential replay of the same accesses, then the scaling
 * tables (worker threads, population, guest memory). Everything runs in this one process, one run at a time.
 */
public final class Bench {
  /** How long (virtual time) each part simulates; quick keeps the whole bench under two minutes. */
  public record Durations(String defaultScenario, String largePopulation, String population, String memory) {
    public static Durations of(boolean quick) {
      return quick ? new Durations("200ms", "5ms", "2ms", "4ms") : new Durations("1s", "20ms", "4ms", "8ms");
    }
  }

  private final Mode mode;
  private final Path largePopulation;
  private final Durations durations;
  private final PrintStream log;
  private final BenchReport report = new BenchReport();

  public Bench(Mode mode, Path largePopulation, boolean quick, PrintStream log) {
    this.mode = mode;
    this.largePopulation = largePopulation;
    this.durations = Durations.of(quick);
    this.log = log;
    report.context("mode", mode.configName());
    report.context("quick", Boolean.toString(quick));
    report.context("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    report.context("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
    report.context("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    report.context("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  public BenchReport run() {
    if (!Files.isReadable(largePopulation)) {
      throw new UserException(largePopulation + ": cannot read the large-population scenario (run from the "
          + "repository root or pass --large-population FILE)");
    }
    LoadedScenario def = LoadedScenario.load((Path) null,
        Map.of("tdpsim.scenario.run.duration", durations.defaultScenario()), false);
    LoadedScenario large = LoadedScenario.load(largePopulation,
        Map.of("tdpsim.scenario.run.duration", durations.largePopulation()), false);
    warmUp();
    Measurement def2 = compare("default scenario (" + durations.defaultScenario() + " virtual)", def);
    Measurement large2 = compare("large-population (" + durations.largePopulation() + " virtual)", large);

    String threads = "scaling: worker threads";
    step("threads: default scenario, 1 thread");
    report.add(threads, SimulatorRun.run("default, 1 thread", spec(def), 1));
    report.add(threads, def2.named("default, 2 threads"));
    step("threads: large-population, 1 thread");
    report.add(threads, SimulatorRun.run("large-population, 1 thread", spec(large), 1));
    report.add(threads, large2.named("large-population, 2 threads"));

    String pop = "scaling: population (VMs x 4 vCPUs + 1 NIC, 64MiB each, zipf)";
    for (int vms : new int[] {1, 8, 64, 512}) {
      step("population: " + vms + " VMs");
      LoadedScenario s = BenchScenarios.load(new BenchScenarios.Shape("pop-" + vms, vms, 4, "64MiB", "zipf",
          durations.population(), true));
      report.add(pop, SimulatorRun.run(vms + " VMs", spec(s), 2));
    }

    String mem = "scaling: guest memory (1 VM x 4 vCPUs, sequential first touch, on demand)";
    Measurement first = null;
    Measurement last = null;
    for (String size : new String[] {"1GiB", "16GiB", "256GiB"}) {
      step("guest memory: " + size);
      LoadedScenario s = BenchScenarios.load(new BenchScenarios.Shape("mem-" + size.toLowerCase(Locale.ROOT), 1, 4,
          size, "sequential", durations.memory(), true));
      Measurement m = SimulatorRun.run(size + " guest, " + onDemand().configName(), spec(s, onDemand()), 2);
      report.add(mem, m);
      first = first == null ? m : first;
      last = m;
    }

    Measurement raw = report.sections().get(section(def2)).get(1);
    Measurement seq = report.sections().get(section(def2)).get(2);
    report.target("default: messages/s vs raw Pekko same pattern", def2.messagesPerSecond()
        / Math.max(1, raw.messagesPerSecond()), 0.5, "x", "");
    Measurement rawL = report.sections().get(section(large2)).get(1);
    Measurement seqL = report.sections().get(section(large2)).get(2);
    report.target("large-population: messages/s vs raw Pekko same pattern", large2.messagesPerSecond()
        / Math.max(1, rawL.messagesPerSecond()), 0.5, "x", "");
    report.target("default: simulated accesses/s", def2.accessesPerSecond(), 20e6, "/s", "");
    report.target("large-population: simulated accesses/s", large2.accessesPerSecond(), 20e6, "/s", "");
    report.target("default: accesses/s vs sequential replay (2 threads)", def2.accessesPerSecond()
        / Math.max(1, seq.accessesPerSecond()), 1.0, "x", "");
    report.target("large-population: accesses/s vs sequential (2 threads)", large2.accessesPerSecond()
        / Math.max(1, seqL.accessesPerSecond()), 1.0, "x", "");
    double pagesRatio = (double) last.faults() / Math.max(1, first.faults());
    report.target("on demand: wall(1GiB)/wall(256GiB), same pages touched", first.wallSeconds()
        / Math.max(1e-9, last.wallSeconds()), 0.67, "x", String.format(Locale.ROOT,
        "pages faulted 256GiB/1GiB = %.2f", pagesRatio));
    return report;
  }

  private Mode onDemand() {
    return mode.isPinsGuestMemory() ? Mode.SHARED_IOPF : mode;
  }

  private static String section(Measurement sim) {
    return sim.name().replace("simulator: ", "");
  }

  /** Simulator, raw Pekko with the simulator's pattern, sequential replay: one section. */
  private Measurement compare(String title, LoadedScenario s) {
    step(title + ": simulator, 2 threads");
    MachineSpec spec = spec(s);
    Measurement sim = SimulatorRun.run("simulator: " + title, spec, 2);
    int participants = (int) SimulatorRun.entities(spec) + 1;
    RawPekkoBaseline.Pattern p = RawPekkoBaseline.Pattern.matching(SimulatorRun.actors(spec), participants,
        sim.windows(), sim.messages());
    step(title + ": raw Pekko, " + p.windows() + " windows x " + participants + " x (2 + " + p.continuations()
        + ")");
    Measurement raw = RawPekkoBaseline.run(p, 2);
    step(title + ": sequential replay");
    Measurement seq = SequentialReplay.run(spec(s));
    report.add(title, sim.named("simulator, " + mode.configName()));
    report.add(title, raw);
    report.add(title, seq);
    return sim.named(title);
  }

  private void warmUp() {
    step("warm-up (not reported)");
    LoadedScenario w = LoadedScenario.load((Path) null, Map.of("tdpsim.scenario.run.duration", "5ms"), false);
    SimulatorRun.run("warm-up", spec(w), 2);
    SequentialReplay.run(spec(w));
    RawPekkoBaseline.run(new RawPekkoBaseline.Pattern(16, 8, 200, 4), 2);
  }

  private MachineSpec spec(LoadedScenario s) {
    return spec(s, mode);
  }

  private static MachineSpec spec(LoadedScenario s, Mode m) {
    ScenarioMapper.checkModes(s.scenario(), java.util.List.of(m));
    return ScenarioMapper.toMachine(s.scenario(), m, s.settings());
  }

  private void step(String what) {
    log.println("bench: " + what);
    log.flush();
  }
}
