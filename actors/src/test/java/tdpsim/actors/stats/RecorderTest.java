package tdpsim.actors.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.ZapCause;

class RecorderTest {
  /** What a vCPU of the entity-scale check holds: a few dozen fault latencies of a few microseconds. */
  @Test
  void aFreshRecorderHoldsNoLatencyOrZapArrays() {
    Recorder r = new Recorder("vm0.vcpu0");
    r.inc(Counter.VCPU_ACCESSES);
    assertThat(r.retainedPayloadBytes()).isZero();
    assertThat(r.toStats().latencyHistograms()).isEmpty();
  }

  @Test
  void aFewLatenciesStayRawAndFarSmallerThanAHistogram() {
    Recorder r = new Recorder("vm0.vcpu0");
    for (int i = 0; i < 40; i++) {
      r.record(LatencyKind.VCPU_FAULT, 3_000 + 100 * i);
    }
    // 40 raw values in a 64-slot array; one HdrHistogram up to 10 us is ~8 KiB.
    assertThat(r.retainedPayloadBytes()).isLessThanOrEqualTo(64 * 8);
    Histogram h = new Histogram(2);
    h.recordValue(10_000);
    assertThat(r.retainedPayloadBytes()).isLessThan(h.getEstimatedFootprintInBytes() / 10);
  }

  @Test
  void rawAndHistogramPathsReportWhatOneHistogramOfAllValuesWould() {
    for (int n : new int[] {1, 50, Recorder.RAW_LATENCIES, Recorder.RAW_LATENCIES + 1, 5_000}) {
      Recorder r = new Recorder("device0");
      Histogram reference = new Histogram(2);
      SplittableRandom random = new SplittableRandom(n);
      for (int i = 0; i < n; i++) {
        long v = 500 + random.nextLong(200_000);
        r.record(LatencyKind.DMA, v);
        reference.recordValue(v);
      }
      Histogram reported = new StatsMerger().add(r.toStats()).histograms().get(LatencyKind.DMA.reportName());
      assertThat(reported.getTotalCount()).as("n=%d", n).isEqualTo(n);
      assertThat(reported.getMaxValue()).as("n=%d", n).isEqualTo(reference.getMaxValue());
      assertThat(reported.getMinValue()).as("n=%d", n).isEqualTo(reference.getMinValue());
      assertThat(reported.getValueAtPercentile(50)).as("n=%d", n).isEqualTo(reference.getValueAtPercentile(50));
      assertThat(reported.getValueAtPercentile(99)).as("n=%d", n).isEqualTo(reference.getValueAtPercentile(99));
      assertThat(reported.getMean()).as("n=%d", n).isEqualTo(reference.getMean());
    }
  }

  @Test
  void histogramsOfManyEntitiesMergeIntoOne() {
    StatsMerger m = new StatsMerger();
    for (int e = 0; e < 3; e++) {
      Recorder r = new Recorder("vcpu" + e);
      r.record(LatencyKind.VCPU_FAULT, 1_000L * (e + 1));
      m.add(r.toStats());
    }
    Histogram h = m.histograms().get(LatencyKind.VCPU_FAULT.reportName());
    assertThat(h.getTotalCount()).isEqualTo(3);
    assertThat(h.getMaxValue()).isBetween(3_000L, 3_050L);
  }

  @Test
  void zapsAndAvoidedZapsAreCountedPerCauseOnceTheFirstArrives() {
    Recorder r = new Recorder("vm0.mmu");
    r.zap(ZapCause.RECLAIM);
    r.zap(ZapCause.RECLAIM);
    r.zapAvoided(ZapCause.KSM);
    r.put("table.tdp.pages", 4);
    r.violation("stale");
    EntityStats s = r.toStats();
    assertThat(s.counters()).containsEntry(Recorder.ZAP_PREFIX + ZapCause.RECLAIM.configName(), 2L)
        .containsEntry(Recorder.ZAP_AVOIDED_PREFIX + ZapCause.KSM.configName(), 1L)
        .containsEntry(Counter.ZAPS.reportName(), 2L).containsEntry(Counter.ZAPS_AVOIDED.reportName(), 1L)
        .containsEntry("table.tdp.pages", 4L);
    assertThat(s.invariantViolations()).containsExactly("vm0.mmu: stale");
  }
}
