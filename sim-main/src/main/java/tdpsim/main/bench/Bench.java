package tdpsim.main.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.UserException;
import tdpsim.main.work.LoadedScenario;
import tdpsim.protocol.Mode;

/**
 * The bench itself: the simulator on the built-in default and the large-population scenario, on 2 threads and on
 * 1, next to the raw Pekko baseline of the same message pattern and the sequential replay of the same accesses
 * (the same access paths, in one thread, no actors); then the scaling tables (window, population, guest memory),
 * the default run's wall time as a user sees it (whole processes), and the targets of issue 19. Everything but
 * those processes runs in this one process, one run at a time.
 */
public final class Bench {
  /**
   * How long (virtual time) each part simulates, and how many unreported warm-up rounds and measured rounds the
   * comparisons get (the reported figure is the median of the measured rounds); quick keeps the whole bench
   * short.
   *
   * @param defaultRuns whole {@code java -jar tdpsim.jar} processes timed for the time to first result
   */
  public record Durations(String defaultScenario, String largePopulation, String population, String memory,
      int warmUpRounds, int measuredRounds, int defaultRuns) {
    public static Durations of(boolean quick) {
      return quick ? new Durations("200ms", "5ms", "2ms", "100ms", 3, 3, 3)
          : new Durations("1s", "20ms", "4ms", "100ms", 3, 5, 5);
    }
  }

  /**
   * A figure over the measured rounds: median (the lower middle of an even count), min and max.
   */
  record Spread(double median, double min, double max, int rounds) {
    static Spread of(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      sorted.sort(null);
      return new Spread(sorted.get((sorted.size() - 1) / 2), sorted.get(0), sorted.get(sorted.size() - 1),
          sorted.size());
    }

    String note(String what) {
      return String.format(Locale.ROOT, "%s: median of %d rounds, min %s, max %s", what, rounds,
          BenchReport.num(min), BenchReport.num(max));
    }
  }

  /**
   * One comparison: the simulator's median rounds and the per-round figures, each round's runs back to back
   * under the same conditions on the machine.
   *
   * @param sim2 the simulator on 2 threads (median round)
   * @param sim1 the simulator on 1 thread (median round)
   * @param replay the sequential replay (median round)
   * @param replayNsPerAccess the replay's wall ns per simulated access, per round
   * @param sim2AccessesPerSecond the 2-thread simulator's accesses/s, per round
   * @param engineOverhead the 1-thread simulator's time per access over the replay's, per round
   * @param speedUp the 2-thread simulator's accesses/s over the 1-thread one's, per round
   */
  record Comparison(Measurement sim2, Measurement sim1, Measurement replay, Spread replayNsPerAccess,
      Spread sim2AccessesPerSecond, Spread engineOverhead, Spread speedUp) {}

  /** The host zeroing queue's bandwidth; 0 turns the queue off (see {@link #run}). */
  static final String ZEROING_BANDWIDTH = "tdpsim.cost.host.zeroing-bandwidth.value";

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
    report.context("loadAverageAtStart", String.format(Locale.ROOT, "%.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
  }

  /**
   * How the bench runs large-population: for {@code duration}, without the host zeroing queue. With it, 512
   * vCPUs first-touching 64 MiB each saturate the host's zeroing bandwidth: 5 ms of virtual time hold about
   * 49,000 accesses instead of 7.5 million, which measures the queue rather than the engine.
   */
  static Map<String, Object> largePopulationOverrides(String duration) {
    return Map.of("tdpsim.scenario.run.duration", duration, ZEROING_BANDWIDTH, "0");
  }

  public BenchReport run() {
    if (!Files.isReadable(largePopulation)) {
      throw new UserException(largePopulation + ": cannot read the large-population scenario (run from the "
          + "repository root or pass --large-population FILE)");
    }
    LoadedScenario def = loadDefault(Map.of());
    LoadedScenario large = LoadedScenario.load(largePopulation, largePopulationOverrides(durations.largePopulation()),
        false);
    report.context("defaultScenario", "built-in default, run.until = time, no per-vCPU quota, "
        + durations.defaultScenario() + " virtual");
    report.context("largePopulation", "run.duration = " + durations.largePopulation() + ", " + ZEROING_BANDWIDTH
        + " = 0 (no host zeroing queue: with it, 512 vCPUs first-touching their VMs' 64 MiB saturate the host's "
        + "zeroing bandwidth, and the run measures that queue, not the engine)");
    report.context("rounds", durations.warmUpRounds() + " warm-up (not reported), median of "
        + durations.measuredRounds() + " measured");
    step("memory latency");
    report.context("memory latency (this machine)", MemoryLatency.describe());
    report.context("vCPU TLBs (16 bytes per entry)", String.format(Locale.ROOT,
        "default %.1f MiB, large-population %.1f MiB: a population whose TLBs pass the last-level cache pays "
            + "about one miss of the latency above per TLB lookup", MemoryLatency.vcpuTlbBytes(spec(def)) / 1048576.0,
        MemoryLatency.vcpuTlbBytes(spec(large)) / 1048576.0));
    Comparison defCmp = compare("default scenario (" + durations.defaultScenario() + " virtual)", def);
    Comparison largeCmp = compare("large-population (" + durations.largePopulation() + " virtual)", large);
    addThreadScaling(defCmp, largeCmp);
    addAccessPath();
    addWindowScaling(defCmp, spec(def));
    addPopulationScaling();
    Spread memoryRatio = addMemoryScaling();
    DefaultRunTimer.Times defaultRun = DefaultRunTimer.time(durations.defaultRuns(), this::step);
    addTargets(defCmp, largeCmp, memoryRatio, defaultRun);
    report.context("loadAverageAtEnd", String.format(Locale.ROOT, "%.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    return report;
  }

  /** The targets of issue 19, each the median of the paired rounds with their spread. */
  private void addTargets(Comparison def, Comparison large, Spread memoryRatio, DefaultRunTimer.Times defaultRun) {
    String paired = "median of the rounds' own ratios";
    report.targetAtMost("default: sequential replay ns per access", def.replayNsPerAccess().median(), 25, "ns",
        def.replayNsPerAccess().note("wall"));
    report.targetAtMost("large-population: sequential replay ns per access", large.replayNsPerAccess().median(), 25,
        "ns", large.replayNsPerAccess().note("wall"));
    report.target("default: simulated accesses/s, 2 threads", def.sim2AccessesPerSecond().median(), 60e6, "/s",
        def.sim2AccessesPerSecond().note("over the windows"));
    report.target("large-population: simulated accesses/s, 2 threads", large.sim2AccessesPerSecond().median(),
        60e6, "/s", large.sim2AccessesPerSecond().note("over the windows"));
    report.targetAtMost("default: engine 1 thread / sequential, time per access", def.engineOverhead().median(),
        1.15, "x", def.engineOverhead().note(paired));
    report.targetAtMost("large-population: engine 1 thread / sequential", large.engineOverhead().median(), 1.15,
        "x", large.engineOverhead().note(paired));
    report.target("large-population: 2 threads / 1 thread, accesses/s", large.speedUp().median(), 1.7, "x",
        large.speedUp().note(paired));
    report.context("default: 2 threads / 1 thread, accesses/s (no target)", BenchReport.num(def.speedUp().median())
        + "x, " + def.speedUp().note(paired));
    report.context("accesses per round (same work?)", String.format(Locale.ROOT,
        "default: replay %d, 1 thread %d, 2 threads %d; large-population: replay %d, 1 thread %d, 2 threads %d",
        def.replay().accesses(), def.sim1().accesses(), def.sim2().accesses(), large.replay().accesses(),
        large.sim1().accesses(), large.sim2().accesses()));
    if (defaultRun != null) {
      report.targetAtMost("default run (java -jar tdpsim.jar), wall", defaultRun.whole().median(), 2.0, "s",
          defaultRun.whole().note("whole processes"));
      report.context("default run: results table on the terminal (no target)", BenchReport.num(
          defaultRun.firstResult().median()) + " s after the process started, " + defaultRun.firstResult().note(
          "the same processes; the report files, charts included, are written after it"));
    }
    report.target("on demand: wall(1GiB)/wall(256GiB), same pages touched", memoryRatio.median(), 0.67, "x",
        memoryRatio.note(paired));
  }

  /** Worker threads: 1 and 2 threads of the comparisons' rounds, side by side. */
  private void addThreadScaling(Comparison def, Comparison large) {
    String threads = "scaling: worker threads (the comparisons' median rounds)";
    report.add(threads, def.sim1().named("default, 1 thread"));
    report.add(threads, def.sim2().named("default, 2 threads"));
    report.add(threads, large.sim1().named("large-population, 1 thread"));
    report.add(threads, large.sim2().named("large-population, 2 threads"));
  }

  /**
   * The sequential replay's cost per access on each side of the TLB, with the built-in default's VM and access
   * pattern but no devices and no host events: {@code scenarios/bench/tlb-resident.conf} (about 96 % TLB hits)
   * and {@code tlb-miss.conf} (a 4-entry TLB: nearly every access walks). The default scenario mixes the two (its
   * reclaim flushes every vCPU's TLB every 250 us, and about 71 % of its accesses walk), so its ns per access
   * says little on its own; these two say what a hit and a walk cost.
   */
  private void addAccessPath() {
    String path = "access path: sequential replay, 1 VM x 4 vCPUs, no devices or host events ("
        + durations.defaultScenario() + " virtual)";
    for (String name : new String[] {"tlb-resident", "tlb-miss"}) {
      Path file = Path.of("scenarios", "bench", name + ".conf");
      if (!Files.isReadable(file)) {
        step("access path: " + file + " not readable, skipped");
        continue;
      }
      step("access path: " + name);
      LoadedScenario s = LoadedScenario.load(file, Map.of("tdpsim.scenario.run.duration",
          durations.defaultScenario()), false);
      // The run that counts the TLB hits replays the same windows: it is the first warm-up round.
      SequentialReplay.Counts c = SequentialReplay.counts(spec(s));
      List<Double> ns = new ArrayList<>();
      List<Measurement> rounds = new ArrayList<>();
      for (int round = Math.min(1, durations.warmUpRounds());
          round < durations.warmUpRounds() + durations.measuredRounds(); round++) {
        Measurement m = SequentialReplay.run(spec(s)).named(name + ", sequential replay");
        if (round >= durations.warmUpRounds()) {
          rounds.add(m);
          ns.add(nsPerAccess(m));
        }
      }
      report.add(path, median(rounds));
      Spread spread = Spread.of(ns);
      report.context(name + ": sequential replay ns per access", BenchReport.num(spread.median()) + " ns, "
          + spread.note("wall") + String.format(Locale.ROOT, "; %.1f %% of the accesses hit the TLB",
          100.0 * c.tlbHits() / Math.max(1, c.vcpuAccesses())));
    }
  }

  /**
   * The window is the resolution of cross-entity timing (docs/model.md) and the unit of synchronisation: how much
   * work a window holds decides whether a second thread pays for the hand-over.
   */
  private void addWindowScaling(Comparison def, MachineSpec defSpec) {
    String win = "scaling: window (default scenario, 2 threads vs the sequential replay of the same windows)";
    String defaultWindow = (defSpec.config().windowNs() / 1000) + "us (default)";
    report.add(win, def.sim2().named("window " + defaultWindow + ", 2 threads"));
    report.add(win, def.replay().named("window " + defaultWindow + ", sequential replay"));
    for (String window : new String[] {"100us", "1ms"}) {
      step("window: default scenario, " + window);
      LoadedScenario s = loadDefault(Map.of("tdpsim.engine.window", window));
      report.add(win, median(() -> SimulatorRun.run("window " + window + ", 2 threads", spec(s), 2)));
      report.add(win, median(() -> SequentialReplay.run(spec(s)).named("window " + window + ", sequential replay")));
    }
  }

  private void addPopulationScaling() {
    // Without the host zeroing queue, as large-population: 2,048 vCPUs first-touching zipf pages would otherwise
    // wait behind one host-wide queue (512 VMs did 6,148 accesses in 2 ms with it), and the row would time it.
    String pop = "scaling: population (VMs x 4 vCPUs + 1 NIC, 64MiB each, zipf, no host zeroing queue)";
    for (int vms : new int[] {1, 8, 64, 512}) {
      step("population: " + vms + " VMs");
      LoadedScenario s = BenchScenarios.load(new BenchScenarios.Shape("pop-" + vms, vms, 4, "64MiB", "zipf",
          durations.population(), true), Map.of(ZEROING_BANDWIDTH, "0"));
      report.add(pop, median(() -> SimulatorRun.run(vms + " VMs", spec(s), 2)));
    }
  }

  /**
   * Guest memory sizes, on demand. The sizes take turns within each round, and the ratio is per round: a run is
   * ~70 ms here, so a drift of the machine between one size's rounds and the next's would decide the ratio.
   * Returns wall(smallest) / wall(largest) over the rounds.
   */
  private Spread addMemoryScaling() {
    String mem = "scaling: guest memory (1 VM x 4 vCPUs, sequential first touch, on demand)";
    String[] sizes = {"1GiB", "16GiB", "256GiB"};
    List<List<Measurement>> bySize = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      bySize.add(new ArrayList<>());
    }
    List<Double> smallOverLarge = new ArrayList<>();
    for (int round = 0; round < durations.warmUpRounds() + durations.measuredRounds(); round++) {
      boolean measured = round >= durations.warmUpRounds();
      step("guest memory: " + String.join(", ", sizes) + roundName(round));
      List<Measurement> ofRound = new ArrayList<>();
      for (String size : sizes) {
        LoadedScenario s = BenchScenarios.load(new BenchScenarios.Shape("mem-" + size.toLowerCase(Locale.ROOT), 1,
            4, size, "sequential", durations.memory(), true));
        ofRound.add(SimulatorRun.run(size + " guest, " + onDemand().configName(), spec(s, onDemand()), 2));
      }
      if (measured) {
        for (int i = 0; i < sizes.length; i++) {
          bySize.get(i).add(ofRound.get(i));
        }
        smallOverLarge.add(ofRound.get(0).wallSeconds() / Math.max(1e-9, ofRound.get(sizes.length - 1)
            .wallSeconds()));
      }
    }
    bySize.forEach(rows -> report.add(mem, median(rows)));
    double pagesRatio = (double) median(bySize.get(sizes.length - 1)).faults()
        / Math.max(1, median(bySize.get(0)).faults());
    report.context("memoryScalingPagesFaulted256GiBOver1GiB", String.format(Locale.ROOT, "%.2f", pagesRatio));
    return Spread.of(smallOverLarge);
  }

  /**
   * The built-in default for the bench's virtual duration, run for that whole duration: the default run is
   * capped by work (4,000 accesses per vCPU, mostly first-touch faults), which would measure start-up and faults
   * rather than the access path.
   */
  private LoadedScenario loadDefault(Map<String, Object> more) {
    Map<String, Object> o = new java.util.LinkedHashMap<>(more);
    o.put("tdpsim.scenario.run.duration", durations.defaultScenario());
    o.put("tdpsim.scenario.run.until", "time");
    o.put("tdpsim.scenario.run.max-accesses-per-vcpu", 0);
    return LoadedScenario.load((Path) null, o, false);
  }

  private String roundName(int round) {
    return round >= durations.warmUpRounds()
        ? ", round " + (round - durations.warmUpRounds() + 1) + " of " + durations.measuredRounds()
        : ", warm-up round " + (round + 1) + " (not reported)";
  }

  private Mode onDemand() {
    return mode.isPinsGuestMemory() ? Mode.SHARED_IOPF : mode;
  }

  /**
   * Simulator on 2 threads and on 1, raw Pekko with the simulator's pattern, sequential replay: one section. The
   * four run in turn, first for unreported warm-up rounds (so that each is measured with the JIT's compiled code:
   * the first runs in a JVM are several times slower), then for the measured rounds; each row is the median
   * round (by run time), and each ratio the median of the rounds' own ratios.
   */
  private Comparison compare(String title, LoadedScenario s) {
    MachineSpec spec = spec(s);
    int participants = (int) SimulatorRun.entities(spec) + 1;
    List<List<Measurement>> rows = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
    for (int round = 0; round < durations.warmUpRounds() + durations.measuredRounds(); round++) {
      step(title + roundName(round) + ": simulator (2 threads, 1 thread), raw Pekko, sequential replay");
      Measurement sim2 = SimulatorRun.run("simulator, " + mode.configName() + ", 2 threads", spec(s), 2);
      Measurement sim1 = SimulatorRun.run("simulator, " + mode.configName() + ", 1 thread", spec(s), 1);
      RawPekkoBaseline.Pattern p = RawPekkoBaseline.Pattern.matching(SimulatorRun.actors(spec), participants,
          sim2.windows(), sim2.messages());
      Measurement raw = RawPekkoBaseline.run(p, 2);
      Measurement seq = SequentialReplay.run(spec(s));
      if (round >= durations.warmUpRounds()) {
        List<Measurement> ofRound = List.of(sim2, sim1, raw, seq);
        for (int i = 0; i < rows.size(); i++) {
          rows.get(i).add(ofRound.get(i));
        }
      }
    }
    rows.forEach(r -> report.add(title, median(r)));
    return comparison(rows.get(0), rows.get(1), rows.get(3));
  }

  /** The figures of paired rounds: {@code sim2.get(i)}, {@code sim1.get(i)} and {@code seq.get(i)} ran together. */
  static Comparison comparison(List<Measurement> sim2, List<Measurement> sim1, List<Measurement> seq) {
    List<Double> seqNs = new ArrayList<>();
    List<Double> rate2 = new ArrayList<>();
    List<Double> overhead = new ArrayList<>();
    List<Double> speedUp = new ArrayList<>();
    for (int i = 0; i < seq.size(); i++) {
      seqNs.add(nsPerAccess(seq.get(i)));
      rate2.add(sim2.get(i).accessesPerSecond());
      overhead.add(nsPerAccess(sim1.get(i)) / Math.max(1e-9, nsPerAccess(seq.get(i))));
      speedUp.add(sim2.get(i).accessesPerSecond() / Math.max(1e-9, sim1.get(i).accessesPerSecond()));
    }
    return new Comparison(median(sim2), median(sim1), median(seq), Spread.of(seqNs), Spread.of(rate2),
        Spread.of(overhead), Spread.of(speedUp));
  }

  /** Wall ns per simulated access over the windows (the run if no windows were timed). */
  static double nsPerAccess(Measurement m) {
    return m.runSeconds() * 1e9 / Math.max(1, m.accesses());
  }

  /** The median of {@code values}; the lower middle one of an even count. */
  static double medianOf(List<Double> values) {
    return Spread.of(values).median();
  }

  /** The median by run time of the measured rounds of {@code run}, after its warm-up rounds. */
  private Measurement median(Supplier<Measurement> run) {
    for (int i = 0; i < durations.warmUpRounds(); i++) {
      run.get();
    }
    List<Measurement> all = new ArrayList<>();
    for (int i = 0; i < durations.measuredRounds(); i++) {
      all.add(run.get());
    }
    return median(all);
  }

  /** The median by run time (the same work in every round); the lower middle one of an even count. */
  static Measurement median(List<Measurement> rounds) {
    List<Measurement> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(Measurement::runSeconds));
    return sorted.get((sorted.size() - 1) / 2);
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
