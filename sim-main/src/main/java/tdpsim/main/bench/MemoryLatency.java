package tdpsim.main.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.actors.tlb.Tlb;

/**
 * This machine's latency for a load whose address depends on the previous load, at a few working-set sizes:
 * what a simulated access pays when the state it touches (its vCPU's TLB set, a table page, a frame's state) has
 * left the caches. A pointer chase over the 64-byte lines of an array in one random cycle, so neither the
 * prefetchers nor out-of-order execution hide the misses; best of 3 passes, about 0.2 s in all. The bench prints
 * it beside the per-access rows, with the bytes of vCPU TLB a scenario keeps, because a population whose TLBs
 * exceed the last-level cache pays about one such miss per access on its TLB lookup alone.
 */
final class MemoryLatency {
  /** Ints per 64-byte line. */
  private static final int LINE_INTS = 16;
  /** Where the chase's last index goes, so that the JIT cannot drop the loop. */
  private static volatile int sink;

  private MemoryLatency() {}

  /** Working-set sizes measured, KiB: inside a core's L2, past this machine's L3, far past it. */
  static final int[] SIZES_KIB = {256, 8 << 10, 64 << 10};

  /**
   * An array of {@code lines} lines in which the first int of each line holds the index of the next line's
   * first int, all lines in one cycle, in an order drawn from {@code seed}.
   */
  static int[] cycle(int lines, long seed) {
    int[] order = new int[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = lines - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] next = new int[lines * LINE_INTS];
    for (int i = 0; i < lines; i++) {
      next[order[i] * LINE_INTS] = order[(i + 1) % lines] * LINE_INTS;
    }
    return next;
  }

  /** Nanoseconds per dependent load over {@code kib} KiB, best of 3 passes of {@code loads} loads. */
  static double nsPerLoad(int kib, int loads) {
    int[] next = cycle(kib * 1024 / (LINE_INTS * Integer.BYTES), kib);
    int p = 0;
    long best = Long.MAX_VALUE;
    for (int pass = 0; pass < 3; pass++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < loads; i++) {
        p = next[p];
      }
      best = Math.min(best, System.nanoTime() - t0);
    }
    sink = p;
    return best / (double) loads;
  }

  /** One line for the bench: each size and its latency. */
  static String describe() {
    StringBuilder sb = new StringBuilder();
    for (int kib : SIZES_KIB) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      String size = kib >= 1024 ? (kib >> 10) + " MiB" : kib + " KiB";
      sb.append(String.format(Locale.ROOT, "%s %.1f ns", size, nsPerLoad(kib, 2_000_000)));
    }
    return sb.append(" (dependent loads over random 64-byte lines, best of 3)").toString();
  }

  /** Bytes of vCPU TLB the scenario's machine keeps (every vCPU's {@link Tlb}, rounded up as it is built). */
  static long vcpuTlbBytes(MachineSpec spec) {
    long bytes = 0;
    for (MachineSpec.Vm vm : spec.vms()) {
      bytes += vm.vcpus() * Tlb.bytesFor(vm.tlbEntries());
    }
    return bytes;
  }
}
