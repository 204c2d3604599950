package tdpsim.main.work;

import java.util.HashMap;
import java.util.Map;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.main.HeapEstimate;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.engine.ExecutorSettings;
import tdpsim.main.engine.ModeRunner;
import tdpsim.main.engine.ReportAssembler;
import tdpsim.main.report.ModeReport;
import tdpsim.protocol.Mode;

/** Runs scenarios in designs: the one place that goes from a loaded scenario to a design's report. */
public final class WorkRunner {
  private WorkRunner() {}

  /** Loads the item's scenario (its seed layered on top) and runs it in the item's design. */
  public static ModeResult run(WorkItem item) {
    return run(item, false);
  }

  /**
   * As {@link #run(WorkItem)}; {@code coresShared} when other items run at the same time in this process: the
   * spinning executor assumes the cores are its own, so such items run on the fork-join pool instead.
   */
  public static ModeResult run(WorkItem item, boolean coresShared) {
    Map<String, Object> overrides = new HashMap<>(item.overrides());
    overrides.put("tdpsim.scenario.seed", item.seed());
    if (coresShared) {
      overrides.put("tdpsim.engine.executor.kind", ExecutorSettings.Kind.FORK_JOIN.configName());
    }
    LoadedScenario loaded = LoadedScenario.load(item.scenario(), overrides, item.deterministic());
    return run(loaded, item.mode());
  }

  /** Runs an already loaded scenario in one design. */
  public static ModeResult run(LoadedScenario loaded, Mode mode) {
    return run(loaded, mode, new RunProgress());
  }

  /** As {@link #run(LoadedScenario, Mode)}, reporting the machine's virtual time to {@code progress}. */
  public static ModeResult run(LoadedScenario loaded, Mode mode, RunProgress progress) {
    String refused = ScenarioMapper.designRefusedReason(loaded.scenario(), mode);
    if (refused != null) {
      // Reported like viommu-shadow's refusal: the reason, no tables; the other designs run.
      return new ModeResult(ModeReport.refused(mode.configName(), refused), 0, 0, 0, 0, true, null);
    }
    HeapEstimate.check(loaded.origin(), loaded.scenario(), java.util.List.of(mode), Runtime.getRuntime().maxMemory());
    MachineSpec spec = ScenarioMapper.toMachine(loaded.scenario(), mode, loaded.settings());
    ModeRunner.Outcome o = ModeRunner.run(spec, loaded.settings().deterministic(), loaded.settings().executor(),
        com.typesafe.config.ConfigFactory.load(), progress, loaded.settings().watchdog());
    ModeReport report = ReportAssembler.toModeReport(mode.configName(), o.finished(),
        ScenarioMapper.sharingRefusedReason(loaded.scenario(), mode));
    return new ModeResult(report, ReportAssembler.events(report), ReportAssembler.messages(report),
        o.wallSeconds(), o.heapBytes(), o.finished().complete(), o.finished().stopReason());
  }
}
