package tdpsim.main.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.main.engine.CoreLoad;
import tdpsim.main.engine.ExecutorSettings;
import tdpsim.main.engine.ModeRunner;
import tdpsim.main.engine.WallClock;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Machine;

/**
 * The simulator itself, measured: one machine in its own actor system, parallel engine, on the engine's executor
 * ({@code tdpsim.engine.executor}) with {@code threads} worker threads. Wall time includes actor-system start-up
 * and the machine's build (the start-up population), as a user sees it.
 */
public final class SimulatorRun {
  private SimulatorRun() {}

  /**
   * The engine's executor ({@code tdpsim.engine.executor}: by default spinning, or fork-join while other processes
   * keep the cores busy) with {@code threads} workers; the raw Pekko baseline runs on the same one.
   */
  public static ExecutorSettings executor(int threads) {
    return ExecutorSettings.defaults().withThreads(threads);
  }

  /** Dispatcher settings for {@code threads} workers of {@link #executor(int)}, resolved as a design's are. */
  public static Config dispatcher(int threads) {
    return executor(threads).resolved(CoreLoad::othersBusy).dispatcherConfig().withFallback(ConfigFactory.load());
  }

  public static Measurement run(String name, MachineSpec spec, int threads) {
    GcMeter gc = GcMeter.start();
    RunProgress progress = new RunProgress(WallClock::nowNanos);
    ModeRunner.Outcome o = ModeRunner.run(spec, false, executor(threads), ConfigFactory.load(), progress);
    long gcMillis = gc.elapsedMillis();
    Machine.Finished f = o.finished();
    StatsMerger m = new StatsMerger();
    for (EntityStats s : f.entities()) {
      m.add(s);
    }
    long accesses = m.counter(Counter.VCPU_ACCESSES.reportName()) + m.counter(Counter.DMA_TRANSLATIONS.reportName());
    long faults = m.counter(Counter.VCPU_FAULTS.reportName()) + m.counter(Counter.DEVICE_PAGE_REQUESTS.reportName());
    return new Measurement(name, threads, entities(spec), accesses, m.counter(Counter.MESSAGES.reportName()),
        f.virtualNs(), f.windows(), faults, o.wallSeconds(), o.heapBytes(), gcMillis, f.complete(),
        progress.windowsWallNs() / 1e9);
  }

  /** Simulated entities: vCPUs plus devices. */
  public static long entities(MachineSpec spec) {
    long n = spec.devices().size();
    for (MachineSpec.Vm vm : spec.vms()) {
      n += vm.vcpus();
    }
    return n;
  }

  /** Actors in the machine: vCPUs, devices, one TDP MMU per VM, IOMMU units, the host, the guardian. */
  public static int actors(MachineSpec spec) {
    return (int) entities(spec) + spec.vms().size() + spec.iommuUnits() + 2;
  }
}
