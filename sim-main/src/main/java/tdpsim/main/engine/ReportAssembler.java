package tdpsim.main.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.stats.StatsMerger;
import tdpsim.actors.machine.MachineGuardian;
import tdpsim.actors.vcpu.VcpuActor;
import tdpsim.main.report.LatencySummary;
import tdpsim.main.report.Normalised;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.TableReport;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Machine;
import tdpsim.protocol.MigrationReport;
import tdpsim.protocol.RoundStats;

/** Turns a machine's per-entity stats into one design's report: counters summed, histograms merged. */
public final class ReportAssembler {
  private ReportAssembler() {}

  /**
   * @param sharingRefusedReason why a guest vIOMMU made this design fall back to separate tables, or null
   */
  public static ModeReport toModeReport(String mode, Machine.Finished finished, String sharingRefusedReason) {
    StatsMerger m = new StatsMerger();
    for (EntityStats s : finished.entities()) {
      m.add(s);
    }
    Map<String, Long> all = m.counters();
    TableReport tdp = table(all, "table.tdp");
    TableReport iommu = all.containsKey("table.iommu.pages") ? table(all, "table.iommu") : null;
    Map<String, Long> counters = new LinkedHashMap<>();
    for (Counter c : Counter.values()) {
      counters.put(c.reportName(), m.counter(c.reportName()));
    }
    Map<String, Long> zapsByCause = new LinkedHashMap<>();
    Map<String, Long> zapsAvoidedByCause = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (k.startsWith(Recorder.ZAP_PREFIX)) {
        zapsByCause.put(k.substring(Recorder.ZAP_PREFIX.length()), v);
      } else if (k.startsWith(Recorder.ZAP_AVOIDED_PREFIX)) {
        zapsAvoidedByCause.put(k.substring(Recorder.ZAP_AVOIDED_PREFIX.length()), v);
      }
    });
    Map<String, LatencySummary> latency = new LinkedHashMap<>();
    m.histograms().forEach((k, h) -> latency.put(k, summary(h)));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("zapsAvoidedByCause", zapsAvoidedByCause);
    if (sharingRefusedReason != null) {
      extra.put("sharingRefusedReason", sharingRefusedReason);
    }
    Map<String, Object> migration = migration(m.migrations());
    if (migration != null) {
      extra.put("migration", migration);
    }
    Map<String, Object> queues = queues(all, finished.virtualNs());
    if (!queues.isEmpty()) {
      extra.put("queues", queues);
    }
    extra.put("virtualNs", finished.virtualNs());
    extra.put("windows", finished.windows());
    if (!finished.complete()) {
      extra.put("stoppedEarly", finished.stopReason());
    }
    Long workUnfinished = all.get(MachineGuardian.WORK_UNFINISHED);
    if (workUnfinished != null) {
      // run.until = work: false when the run reached its cap (run.duration) before every entity was done.
      extra.put(WORK_COMPLETE, workUnfinished == 0);
    }
    List<String> violations = m.violations();
    ModeReport raw = new ModeReport(mode, null, tdp, iommu, all.getOrDefault("pinnedBytes", 0L), counters,
        zapsByCause, latency, violations, extra);
    extra.put(Normalised.KEY, Normalised.of(raw, all.getOrDefault(VcpuActor.VCPU_CLOCK_NS, 0L)));
    return new ModeReport(mode, null, tdp, iommu, raw.pinnedBytes(), counters, zapsByCause, latency, violations,
        extra);
  }

  /** {@code modes.<mode>.workComplete}, present under run.until = work. */
  public static final String WORK_COMPLETE = ModeReport.WORK_COMPLETE;

  /**
   * {@code modes.<mode>.migration}: totals over the migrating VMs (rounds: the most any VM took) and, per VM,
   * the per-round series; null when nothing migrated.
   */
  static Map<String, Object> migration(List<MigrationReport> reports) {
    if (reports.isEmpty()) {
      return null;
    }
    long rounds = 0;
    long pagesSent = 0;
    long totalNs = 0;
    long downtimeNs = 0;
    long lostWrites = 0;
    boolean finished = true;
    List<Object> perVm = new ArrayList<>();
    for (MigrationReport r : reports) {
      rounds = Math.max(rounds, r.rounds());
      pagesSent += r.pagesSent();
      totalNs = Math.max(totalNs, r.totalNs());
      downtimeNs = Math.max(downtimeNs, r.downtimeNs());
      lostWrites += r.lostWrites();
      finished &= r.finished();
      perVm.add(migrationOfVm(r));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rounds", rounds);
    m.put("pagesSent", pagesSent);
    m.put("totalNs", totalNs);
    m.put("downtimeNs", downtimeNs);
    m.put("lostWrites", lostWrites);
    m.put("finished", finished);
    m.put("vms", perVm);
    return m;
  }

  private static Map<String, Object> migrationOfVm(MigrationReport r) {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("vm", r.vm());
    one.put("rounds", r.rounds());
    one.put("pagesSent", r.pagesSent());
    one.put("totalNs", r.totalNs());
    one.put("downtimeNs", r.downtimeNs());
    one.put("lostWrites", r.lostWrites());
    one.put("finished", r.finished());
    if (!r.lostGfnSample().isEmpty()) {
      List<Object> lostSample = new ArrayList<>();
      r.lostGfnSample().forEach(gfn -> lostSample.add("0x" + Long.toHexString(gfn)));
      one.put("lostGfnSample", lostSample);
    }
    List<Object> series = new ArrayList<>();
    for (RoundStats round : r.perRound()) {
      series.add(roundRow(round));
    }
    one.put("perRound", series);
    return one;
  }

  /** One {@code perRound} row; the bulk copy (round 1) has no dirty counts, so its row has none. */
  private static Map<String, Object> roundRow(RoundStats round) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("round", round.round());
    row.put("pagesSent", round.pagesSent());
    RoundStats.Dirtied d = round.dirtied();
    if (d != null) {
      row.put("dirtyReported", d.dirtyReported());
      row.put("dirtiedByCpu", d.dirtiedByCpu());
      row.put("dirtiedByDevice", d.dirtiedByDevice());
      row.put("dirtiedByBoth", d.dirtiedByBoth());
    }
    row.put("harvestNs", round.harvestNs());
    row.put("durationNs", round.durationNs());
    return row;
  }

  /** Simulated events of a design's report: accesses, DMA translations, page requests, host events, DMA faults. */
  public static long events(ModeReport report) {
    return report.counter(Counter.VCPU_ACCESSES.reportName()) + report.counter(Counter.DMA_TRANSLATIONS.reportName())
        + report.counter(Counter.DEVICE_PAGE_REQUESTS.reportName()) + report.counter(Counter.HOST_EVENTS.reportName())
        + report.counter(Counter.DMA_FAULTS.reportName());
  }

  /** Messages the entities of a design handled. */
  public static long messages(ModeReport report) {
    return report.counter(Counter.MESSAGES.reportName());
  }

  private static TableReport table(Map<String, Long> all, String prefix) {
    Map<Integer, Long> byLevel = new LinkedHashMap<>();
    for (int l = 1; l <= 5; l++) {
      Long v = all.get(prefix + ".L" + l);
      if (v != null) {
        byLevel.put(l, v);
      }
    }
    return new TableReport(all.getOrDefault(prefix + ".pages", 0L), all.getOrDefault(prefix + ".bytes", 0L),
        byLevel);
  }

  private static LatencySummary summary(Histogram h) {
    List<LatencySummary.CdfPoint> cdf = new ArrayList<>();
    for (double q : LatencySummary.CDF_QUANTILES) {
      long v = q == 0 ? h.getMinValue() : q == 100 ? h.getMaxValue() : h.getValueAtPercentile(q);
      cdf.add(new LatencySummary.CdfPoint(v, q / 100.0));
    }
    return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
        h.getMaxValue(), Math.round(h.getMean() * 10) / 10.0, h.getValueAtPercentile(90),
        h.getValueAtPercentile(99.9), cdf);
  }

  /**
   * Per queue (from the entities' {@code queue.<name>.busyNs} and {@code .servers} figures): the servers, the
   * busy time and the utilisation over the run's virtual time, with the latency kind that holds its waits.
   */
  private static Map<String, Object> queues(Map<String, Long> all, long virtualNs) {
    Map<String, Object> out = new java.util.TreeMap<>();
    all.forEach((k, v) -> {
      if (k.startsWith("queue.") && k.endsWith(".busyNs")) {
        String name = k.substring("queue.".length(), k.length() - ".busyNs".length());
        long servers = Math.max(1, all.getOrDefault("queue." + name + ".servers", 1L));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("waitKind", name + "Wait");
        q.put("servers", servers);
        q.put("busyNs", v);
        double u = virtualNs <= 0 ? 0 : (double) v / ((double) virtualNs * servers);
        q.put("utilisation", Math.round(u * 10_000) / 10_000.0);
        out.put(name, q);
      }
    });
    return out;
  }
}
