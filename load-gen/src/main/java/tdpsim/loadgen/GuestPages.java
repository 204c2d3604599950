package tdpsim.loadgen;

import java.util.List;
import tdpsim.loadgen.scenario.MemslotSettings;
import tdpsim.loadgen.scenario.VmSettings;

/**
 * A contiguous run of a VM's 4 KiB pages, numbered in gpa order across its memslots (holes between slots
 * skipped), mapped back to gfns. Workloads draw an offset in [0, {@link #count()}) and call {@link #gfn(long)},
 * which costs one scan over the (few) memslots and allocates nothing.
 */
public final class GuestPages {
  private final long[] slotStartGfn;
  private final long[] slotFirstPage;
  private final long first;
  private final long count;

  private GuestPages(List<MemslotSettings> memslots, long first, long count) {
    int slots = memslots.size();
    this.slotStartGfn = new long[slots];
    this.slotFirstPage = new long[slots];
    long page = 0;
    for (int i = 0; i < slots; i++) {
      slotStartGfn[i] = memslots.get(i).startGfn();
      slotFirstPage[i] = page;
      page += memslots.get(i).pages();
    }
    this.first = first;
    this.count = count;
  }

  /** All pages of the VM. */
  public static GuestPages ofVm(VmSettings vm) {
    return new GuestPages(vm.memslots(), 0, vm.memoryPages());
  }

  /**
   * The pages of vCPU {@code vcpuIndex}: its n-th of the VM (balanced split, earlier vCPUs get the remainder)
   * when {@code partitioned}, else all of them.
   */
  public static GuestPages ofVcpu(VmSettings vm, int vcpuIndex, boolean partitioned) {
    if (vcpuIndex < 0 || vcpuIndex >= vm.vcpus()) {
      throw new IllegalArgumentException("vcpu " + vcpuIndex + " of a VM with " + vm.vcpus() + " vCPUs");
    }
    long total = vm.memoryPages();
    if (!partitioned) {
      return new GuestPages(vm.memslots(), 0, total);
    }
    int n = vm.vcpus();
    long base = total / n;
    long extra = total % n;
    long first = base * vcpuIndex + Math.min(vcpuIndex, extra);
    long count = base + (vcpuIndex < extra ? 1 : 0);
    if (count == 0) {
      throw new IllegalArgumentException("VM " + vm.name() + " has fewer pages than vCPUs");
    }
    return new GuestPages(vm.memslots(), first, count);
  }

  /** Pages in this run. */
  public long count() {
    return count;
  }

  /** The gfn of the run's page {@code offset}, {@code 0 <= offset < count()}. */
  public long gfn(long offset) {
    long page = first + offset;
    for (int i = slotFirstPage.length - 1; i >= 0; i--) {
      if (page >= slotFirstPage[i]) {
        return slotStartGfn[i] + (page - slotFirstPage[i]);
      }
    }
    throw new IllegalArgumentException("offset " + offset);
  }
}
