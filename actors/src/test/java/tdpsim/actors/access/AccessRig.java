package tdpsim.actors.access;

import java.util.List;
import tdpsim.actors.cost.CostDraws;
import tdpsim.actors.cost.CostModel;
import tdpsim.actors.fault.TdpFaultHandler;
import tdpsim.actors.memory.GuestLayout;
import tdpsim.actors.memory.HostFrames;
import tdpsim.actors.memory.InvalidationTracker;
import tdpsim.actors.stats.Recorder;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableSettings;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.Access;
import tdpsim.protocol.Mode;

/** One VM of 1 GiB (4 KiB backing) with a shared table and default costs, and sources of fixed accesses. */
final class AccessRig {
  final VmContext vm;
  final SimConfig config;
  final Recorder rec = new Recorder("under-test");

  AccessRig(Mode mode) {
    GuestLayout layout = new GuestLayout(List.of(new GuestLayout.Memslot(0, 1 << 18, 1)));
    HostFrames frames = new HostFrames(0, layout.endGfn());
    SharedPageTable tdp = new SharedPageTable(new TableSettings(4, 2, 64, 9));
    TdpFaultHandler faults = new TdpFaultHandler(tdp, layout, frames, new InvalidationTracker(),
        CostModel.defaults());
    vm = new VmContext(0, "vm0", 1, layout, frames, tdp, faults, tdp, null, true, new ViolationLog(), null, 1);
    config = new SimConfig(mode, CostModel.defaults(), 1_000_000, 10_000, 2, 512, 32, true,
        SimConfig.FaultInjection.NONE);
  }

  CostDraws draws() {
    return CostDraws.unseeded(config.costs());
  }

  /** The given accesses once, in order, then nothing. */
  static AccessSource source(long... packed) {
    int[] next = {0};
    return (buf, max) -> {
      int n = 0;
      while (n < max && next[0] < packed.length) {
        buf[n++] = packed[next[0]++];
      }
      return n;
    };
  }

  static long read(long gfn) {
    return Access.encode(gfn, false);
  }

  static long write(long gfn) {
    return Access.encode(gfn, true);
  }
}
