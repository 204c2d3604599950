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
 * The bench itself: the simulator on the built-in default and the large-population scenario next to the raw
 * Pekko baseline of the same message pattern and the sequential replay of the same accesses, then the scaling
 * tables (worker threads, population, guest memory). Everything runs in this one process, one run at a time.
 */
public final class Bench {
  /**
   * How long (virtual time) each part simulates, and how many unreported warm-up rounds and measured rounds the
   * comparisons get (the reported figure is the median of the measured rounds); quick keeps the whole bench
   * under two minutes.
   */
  public record Durations(String defaultScenario, String largePopulation, String population, String memory,
      int warmUpRounds, int measuredRounds) {
    public static Durations of(boolean quick) {
      return quick ? new Durations("200ms", "5ms", "2ms", "100ms", 3, 3)
          : new Durations("1s", "20ms", "4ms", "100ms", 3, 5);
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
    report.context("rounds", durations.warmUpRounds() + " warm-up (not reported), median of "
        + durations.measuredRounds() + " measured");
    Comparison defCmp = compare("default scenario (" + durations.defaultScenario() + " virtual)", def);
    Comparison largeCmp = compare("large-population (" + durations.largePopulation() + " virtual)", large);
    Measurement def2 = defCmp.sim();
    Measurement large2 = largeCmp.sim();

    String threads = "scaling: worker threads";
    step("threads: default scenario, 1 thread");
    report.add(threads, median(() -> SimulatorRun.run("default, 1 thread", spec(def), 1)));
    report.add(threads, def2.named("default, 2 threads"));
    step("threads: large-population, 1 thread");
    report.add(threads, median(() -> SimulatorRun.run("large-population, 1 thread", spec(large), 1)));
    report.add(threads, large2.named("large-population, 2 threads"));

    // The window is the resolution of cross-entity timing (docs/model.md) and the unit of synchronisation: how
    // much work a window holds decides whether a second thread pays for the hand-over.
    String win = "scaling: window (default scenario, 2 threads vs the sequential replay of the same windows)";
    Measurement seqDefault = defCmp.replay();
    String defaultWindow = (spec(def).config().windowNs() / 1000) + "us (default)";
    report.add(win, def2.named("window " + defaultWindow + ", 2 threads"));
    report.add(win, seqDefault.named("window " + defaultWindow + ", sequential replay"));
    for (String window : new String[] {"100us", "1ms"}) {
      step("window: default scenario, " + window);
      LoadedScenario s = LoadedScenario.load((Path) null, Map.of("tdpsim.scenario.run.duration",
          durations.defaultScenario(), "tdpsim.engine.window", window), false);
      report.add(win, median(() -> SimulatorRun.run("window " + window + ", 2 threads", spec(s), 2)));
      report.add(win, median(() -> SequentialReplay.run(spec(s)).named("window " + window + ", sequential replay")));
    }

    String pop = "scaling: population (VMs x 4 vCPUs + 1 NIC, 64MiB each, zipf)";
    for (int vms : new int[] {1, 8, 64, 512}) {
      step("population: " + vms + " VMs");
      LoadedScenario s = BenchScenarios.load(new BenchScenarios.Shape("pop-" + vms, vms, 4, "64MiB", "zipf",
          durations.population(), true));
      report.add(pop, median(() -> SimulatorRun.run(vms + " VMs", spec(s), 2)));
    }

    String mem = "scaling: guest memory (1 VM x 4 vCPUs, sequential first touch, on demand)";
    String[] sizes = {"1GiB", "16GiB", "256GiB"};
    List<List<Measurement>> bySize = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      bySize.add(new ArrayList<>());
    }
    List<Double> smallOverLarge = new ArrayList<>();
    // The sizes take turns within each round, and the target is the median of the rounds' own ratios: a run is
    // ~70 ms here, so a drift of the machine between one size's rounds and the next's would decide the ratio.
    for (int round = 0; round < durations.warmUpRounds() + durations.measuredRounds(); round++) {
      boolean measured = round >= durations.warmUpRounds();
      step("guest memory: " + String.join(", ", sizes) + (measured ? ", round " + (round
          - durations.warmUpRounds() + 1) + " of " + durations.measuredRounds() : ", warm-up round " + (round + 1)));
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
    Measurement first = median(bySize.get(0));
    Measurement last = median(bySize.get(sizes.length - 1));

    String paired = "median of the rounds' ratios";
    report.target("default: messages/s vs raw Pekko same pattern", defCmp.messagesVsRaw(), 0.5, "x",
        paired + ceilingNote(defCmp));
    report.target("large-population: messages/s vs raw Pekko same pattern", largeCmp.messagesVsRaw(), 0.5, "x",
        paired + ceilingNote(largeCmp));
    report.target("default: simulated accesses/s", def2.accessesPerSecond(), 20e6, "/s", "");
    report.target("large-population: simulated accesses/s", large2.accessesPerSecond(), 20e6, "/s", "");
    report.target("default: accesses/s vs sequential replay (2 threads)", defCmp.accessesVsSequential(), 1.0, "x",
        paired);
    report.target("large-population: accesses/s vs sequential (2 threads)", largeCmp.accessesVsSequential(), 1.0,
        "x", paired);
    double pagesRatio = (double) last.faults() / Math.max(1, first.faults());
    report.target("on demand: wall(1GiB)/wall(256GiB), same pages touched", medianOf(smallOverLarge), 0.67, "x",
        String.format(Locale.ROOT, "%s; pages faulted 256GiB/1GiB = %.2f", paired, pagesRatio));
    return report;
  }

  /** The messages/s ratio a perfect 2-thread speed-up of the replay would reach, beside the measured one. */
  private static String ceilingNote(Comparison c) {
    return String.format(Locale.ROOT, "; at a perfect 2-thread speed-up of the replay it would be %.3f",
        c.messagesVsRawCeiling());
  }

  private Mode onDemand() {
    return mode.isPinsGuestMemory() ? Mode.SHARED_IOPF : mode;
  }

  /**
   * The simulator's figures on one scenario and its ratios to the baselines, each ratio the median of the ratios
   * of the rounds (the three runs of a round ran back to back, under the same conditions on the machine).
   *
   * @param sim the simulator's median round
   * @param replay the sequential replay's median round
   * @param messagesVsRawCeiling the messages/s ratio the simulator would have if it did the replay's work in half
   *     the replay's time and nothing else ({@link #messagesVsRawCeiling(Measurement, Measurement, int)})
   */
  record Comparison(Measurement sim, Measurement replay, double messagesVsRaw, double accessesVsSequential,
      double messagesVsRawCeiling) {}

  /**
   * The simulator and the raw baseline handle the same messages, so their messages/s ratio is the raw pattern's
   * time over the simulator's. A simulator on {@code threads} threads that does the replay's work (it does the
   * same accesses, walks and faults) takes at least about the replay's time / {@code threads}, so the ratio is
   * at most {@code threads x raw time / replay time} (short of a speed-up beyond the thread count, e.g. from
   * the second core's cache).
   */
  static double messagesVsRawCeiling(Measurement raw, Measurement replay, int threads) {
    return threads * raw.runSeconds() / Math.max(1e-9, replay.runSeconds());
  }

  /**
   * Simulator, raw Pekko with the simulator's pattern, sequential replay: one section. The three run in turn,
   * first for unreported warm-up rounds (so that each is measured with the JIT's compiled code: the first runs in
   * a JVM are several times slower), then for the measured rounds; each row is the median round (by run time),
   * and each ratio the median of the rounds' own ratios.
   */
  private Comparison compare(String title, LoadedScenario s) {
    MachineSpec spec = spec(s);
    int participants = (int) SimulatorRun.entities(spec) + 1;
    List<Measurement> sims = new ArrayList<>();
    List<Measurement> raws = new ArrayList<>();
    List<Measurement> seqs = new ArrayList<>();
    List<Double> vsRaw = new ArrayList<>();
    List<Double> vsSequential = new ArrayList<>();
    List<Double> ceilings = new ArrayList<>();
    int rounds = durations.warmUpRounds() + durations.measuredRounds();
    for (int round = 0; round < rounds; round++) {
      boolean measured = round >= durations.warmUpRounds();
      step(title + (measured ? ": round " + (round - durations.warmUpRounds() + 1) + " of "
          + durations.measuredRounds() : ": warm-up round " + (round + 1) + " (not reported)")
          + ": simulator (2 threads), raw Pekko, sequential replay");
      Measurement sim = SimulatorRun.run("simulator, " + mode.configName(), spec(s), 2);
      RawPekkoBaseline.Pattern p = RawPekkoBaseline.Pattern.matching(SimulatorRun.actors(spec), participants,
          sim.windows(), sim.messages());
      Measurement raw = RawPekkoBaseline.run(p, 2);
      Measurement seq = SequentialReplay.run(spec(s));
      if (measured) {
        sims.add(sim);
        raws.add(raw);
        seqs.add(seq);
        vsRaw.add(sim.messagesPerSecond() / Math.max(1, raw.messagesPerSecond()));
        vsSequential.add(sim.accessesPerSecond() / Math.max(1, seq.accessesPerSecond()));
        ceilings.add(messagesVsRawCeiling(raw, seq, sim.threads()));
      }
    }
    Measurement sim = median(sims);
    Measurement replay = median(seqs);
    report.add(title, sim);
    report.add(title, median(raws));
    report.add(title, replay);
    return new Comparison(sim, replay, medianOf(vsRaw), medianOf(vsSequential), medianOf(ceilings));
  }

  /** The median of {@code values}; the lower middle one of an even count. */
  static double medianOf(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get((sorted.size() - 1) / 2);
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
