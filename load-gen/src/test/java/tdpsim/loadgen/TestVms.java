package tdpsim.loadgen;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tdpsim.loadgen.scenario.AccessPattern;
import tdpsim.loadgen.scenario.AccessSettings;
import tdpsim.loadgen.scenario.MemslotSettings;
import tdpsim.loadgen.scenario.VmSettings;
import tdpsim.protocol.PageSize;

/** Small VMs for workload tests: two memslots with a hole between them, so gfn mapping is exercised. */
public final class TestVms {
  private TestVms() {}

  /** 4 MiB at 0 and 2 MiB at 1 GiB: 1536 pages. */
  public static final List<MemslotSettings> TWO_SLOTS = List.of(
      new MemslotSettings(0, 4L << 20, PageSize.SIZE_4K),
      new MemslotSettings(1L << 30, 2L << 20, PageSize.SIZE_2M));

  public static AccessSettings access(AccessPattern pattern, boolean partition, int passes) {
    return new AccessSettings(pattern, 0.99, 0.1, 0.9, 0.3, 100, partition, Optional.empty(), passes);
  }

  public static AccessSettings trace(Path file, boolean partition, int passes) {
    return new AccessSettings(AccessPattern.TRACE, 0.99, 0.1, 0.9, 0.3, 100, partition, Optional.of(file), passes);
  }

  public static VmSettings vm(int vcpus, AccessSettings access) {
    return new VmSettings(0, "vm", vcpus, TWO_SLOTS, false, 1536, access);
  }

  public static VmSettings vm(int vcpus, List<MemslotSettings> memslots, AccessSettings access) {
    return new VmSettings(0, "vm", vcpus, memslots, false, 1536, access);
  }
}
