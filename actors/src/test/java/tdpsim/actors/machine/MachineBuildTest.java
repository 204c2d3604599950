package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import tdpsim.actors.stats.Counter;
import tdpsim.actors.table.SharedPageTable;
import tdpsim.actors.table.TableInvariants;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.VmContext;
import tdpsim.protocol.Mode;

/**
 * The pre-fault of a shared table ({@code shared-prepopulated}) in small machines, with the arithmetic the 4 TiB
 * memory-scale check ({@code bench --scale-memory}) relies on: every 4 KiB page is one level-1 leaf, the table
 * has exactly the pages the radix arithmetic says, and nothing else the build makes grows with mapped memory.
 */
class MachineBuildTest {
  /** 1 GiB + 2 MiB: one level-1 page past a full level-2 page, so the second level-2 page is needed too. */
  private static final long PAGES = TestMachines.GIB_PAGES + 512;

  @Test
  void prefaultMapsEveryPageWithOneLevel1LeafInExactlyTheRadixTablePages() {
    MachineBuild build = MachineBuild.build(prefaulted(PAGES));
    VmContext vm = build.vms().get(0);
    SharedPageTable table = vm.tdp();

    assertThat(vm.shared()).isTrue();
    assertThat(vm.iommuTable()).isSameAs(table);
    assertThat(table.pagesByLevel()).containsExactly(0, 513, 2, 1, 1);
    assertThat(table.bytes()).isEqualTo(517 * 4096L);
    assertThat(TableInvariants.leafsByLevel(table)).containsExactly(0, PAGES, 0, 0, 0);
    TableInvariants.check(table);
    // The pool makes fresh pages a chunk (64) at a time: at most one chunk's remainder is not in the table.
    assertThat(table.pool().frameLimit() - 1 - table.pages()).isBetween(0L, 63L);
    assertThat(build.machineRecorder().get(Counter.PREFAULTED_PAGES)).isEqualTo(PAGES);
  }

  @Test
  void eachVmHasItsOwnTableOfTheSameShape() {
    MachineBuild build = MachineBuild.build(prefaulted(PAGES, PAGES));
    assertThat(build.vms()).hasSize(2);
    assertThat(build.vms().get(0).tdp()).isNotSameAs(build.vms().get(1).tdp());
    for (VmContext vm : build.vms()) {
      assertThat(vm.tdp().pagesByLevel()).containsExactly(0, 513, 2, 1, 1);
    }
  }

  /**
   * What the build allocates grows with mapped memory only by the table pages it adds: an 8 GiB VM against a
   * 1 GiB one, both pre-faulted at 4 KiB, allocate at most 2.5 % more than the 4 KiB table pages between them
   * (1.45 % measured: the 16-byte header of each {@code long[512]}, 0.4 %; the page pool's frame directory and
   * its growth copies, 0.4 %; the table's map hint, one small object per new level-1 page, garbage at once; the
   * host frames' chunk directory, one reference per 2 MiB). One bit per guest page anywhere else adds 1.6 % and
   * fails; a byte adds 12.5 %. Allocation is counted on this thread, which does the whole build, so it is exact
   * and independent of when the collector runs.
   */
  @Test
  void buildAllocatesNoPerPageStateBesidesTheTable() {
    MachineBuild.build(prefaulted(512)); // class loading and first-use allocations
    long small = 1L << 18;
    long large = 8L << 18;
    long[] smallAlloc = allocatedAndTablePages(small);
    long[] largeAlloc = allocatedAndTablePages(large);

    assertThat(smallAlloc[1]).isEqualTo(512 + 1 + 1 + 1);
    assertThat(largeAlloc[1]).isEqualTo(4096 + 8 + 1 + 1);
    long tableBytesAdded = (largeAlloc[1] - smallAlloc[1]) * 4096;
    long allocatedAdded = largeAlloc[0] - smallAlloc[0];
    assertThat(allocatedAdded).isGreaterThanOrEqualTo(tableBytesAdded);
    assertThat((double) allocatedAdded / tableBytesAdded).isLessThan(1.025);
  }

  private static long[] allocatedAndTablePages(long pages) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    MachineBuild build = MachineBuild.build(prefaulted(pages));
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    SharedPageTable table = build.vms().get(0).tdp();
    assertThat(TableInvariants.leafsByLevel(table)[1]).isEqualTo(pages);
    return new long[] {allocated, table.pages()};
  }

  /** One VM per entry, each with a NIC without ATS/PRI (the device that makes the pre-fault necessary). */
  private static MachineSpec prefaulted(long... pagesPerVm) {
    List<MachineSpec.Vm> vms = new java.util.ArrayList<>();
    List<MachineSpec.Device> nics = new java.util.ArrayList<>();
    for (int i = 0; i < pagesPerVm.length; i++) {
      vms.add(TestMachines.vm(i, pagesPerVm[i], 1, 1, v -> TestMachines.sequential(0, 1, false)));
      nics.add(TestMachines.nic(i, i, false, false, TestMachines.ring(0, 64, true)));
    }
    return TestMachines.spec(TestMachines.config(Mode.SHARED_PREPOPULATED, 1_000, SimConfig.FaultInjection.NONE), vms, nics,
        TestMachines.none());
  }
}
