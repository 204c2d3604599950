package tdpsim.loadgen.trace;

import tdpsim.loadgen.GuestPages;
import tdpsim.loadgen.Workload;
import tdpsim.protocol.Access;

/**
 * Replays a lackey trace on one vCPU. Address rule: the trace's distinct 4 KiB pages are ranked by address
 * (0 = lowest) and the page of rank r becomes page {@code r mod n} of the vCPU's run of n guest pages (its
 * partition, or the whole VM; pages counted in gpa order across memslots). So the trace's distinct-page count and
 * page order survive whenever it fits (distinct pages <= n), and the virtual gaps between the process's code,
 * heap and stack, which say nothing about guest-physical placement, are dropped. S and M records are writes.
 */
public final class TraceWorkload implements Workload {
  private final LackeyTrace trace;
  private final GuestPages pages;
  private final int passes;
  private final long thinkTimeNs;
  private int position;
  private int passesDone;

  /** {@code passes = 0} replays the trace until the run ends. */
  public TraceWorkload(LackeyTrace trace, GuestPages pages, int passes, long thinkTimeNs) {
    this.trace = trace;
    this.pages = pages;
    this.passes = passes;
    this.thinkTimeNs = thinkTimeNs;
  }

  @Override
  public int next(long[] buf, int max) {
    int n = 0;
    long count = pages.count();
    while (n < max && (passes == 0 || passesDone < passes)) {
      long gfn = pages.gfn(trace.pageRank(position) % count);
      buf[n++] = Access.encode(gfn, trace.isWrite(position));
      if (++position == trace.size()) {
        position = 0;
        passesDone++;
      }
    }
    return n;
  }

  @Override
  public long thinkTimeNs() {
    return thinkTimeNs;
  }
}
