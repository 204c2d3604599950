package tdpsim.loadgen.host;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import tdpsim.loadgen.EntitySeeds;
import tdpsim.loadgen.scenario.HostEventSettings;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.loadgen.scenario.VmSettings;

/**
 * All host memory events of a scenario, in (time, source index) order, up to the end of the run. Source i fires at
 * {@code start + k * every} and hits a range-aligned chunk of its region drawn uniformly (among chunks that lie
 * inside a memslot) from its own stream {@code EntitySeeds.of(seed, HOST_EVENT, i)}: the same scenario always
 * yields the same events, whatever the other sources do.
 */
public final class HostEventSchedule implements Iterator<HostEvent> {
  private final List<HostEventSettings> sources;
  private final VmSettings[] vms;
  private final long[] nextTimeNs;
  private final long[] chunks;
  private final SplittableRandom[] randoms;
  private final long untilNs;

  /** Events of the scenario before {@code scenario.run().durationNs()}. */
  public HostEventSchedule(Scenario scenario) {
    this(scenario, scenario.run().durationNs());
  }

  /** Events of the scenario strictly before {@code untilNs}. */
  public HostEventSchedule(Scenario scenario, long untilNs) {
    this.sources = scenario.hostEvents();
    int n = sources.size();
    this.vms = new VmSettings[n];
    this.nextTimeNs = new long[n];
    this.chunks = new long[n];
    this.randoms = new SplittableRandom[n];
    this.untilNs = untilNs;
    for (int i = 0; i < n; i++) {
      HostEventSettings source = sources.get(i);
      vms[i] = scenario.vm(source.vmIndex());
      nextTimeNs[i] = source.startNs();
      chunks[i] = source.chunkCount(vms[i]);
      randoms[i] = new SplittableRandom(EntitySeeds.of(scenario.seed(), EntitySeeds.HOST_EVENT, i));
    }
  }

  private int earliest() {
    int best = -1;
    for (int i = 0; i < nextTimeNs.length; i++) {
      if (nextTimeNs[i] < untilNs && (best < 0 || nextTimeNs[i] < nextTimeNs[best])) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public boolean hasNext() {
    return earliest() >= 0;
  }

  @Override
  public HostEvent next() {
    int i = earliest();
    if (i < 0) {
      throw new NoSuchElementException();
    }
    HostEventSettings source = sources.get(i);
    long gpa = source.chunkGpa(vms[i], randoms[i].nextLong(chunks[i]));
    HostEvent event = new HostEvent(nextTimeNs[i], source.kind(), source.vmIndex(), gpa >>> 12,
        source.rangePages(), i);
    nextTimeNs[i] += source.everyNs();
    return event;
  }
}
