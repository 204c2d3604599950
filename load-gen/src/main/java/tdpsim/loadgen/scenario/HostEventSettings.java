package tdpsim.loadgen.scenario;

import java.util.Objects;

/**
 * A periodic host memory event on one VM (after replica expansion).
 *
 * @param kind what the host does to the range
 * @param vmIndex the VM whose memory is hit
 * @param everyNs virtual period, > 0
 * @param startNs virtual time of the first event
 * @param rangeBytes bytes hit per event, a multiple of 4 KiB; events land on range-aligned chunks
 * @param regionGpa start of the region the chunks are drawn from
 * @param regionBytes size of that region (the loader resolves "all memory" to the VM's whole span)
 */
public record HostEventSettings(
    HostEventKind kind,
    int vmIndex,
    long everyNs,
    long startNs,
    long rangeBytes,
    long regionGpa,
    long regionBytes) {
  public HostEventSettings {
    Objects.requireNonNull(kind, "kind");
    Checks.checkNonNegative(vmIndex, "vmIndex");
    Checks.checkPositive(everyNs, "everyNs");
    Checks.checkNonNegative(startNs, "startNs");
    Checks.checkPositive(rangeBytes, "rangeBytes");
    Checks.checkPageAligned(rangeBytes, "rangeBytes");
    Checks.checkNonNegative(regionGpa, "regionGpa");
    Checks.checkPositive(regionBytes, "regionBytes");
  }

  /** Pages hit by one event. */
  public long rangePages() {
    return rangeBytes >>> 12;
  }

  /** Range-aligned chunks inside both the region and one of the VM's memslots: where events can land. */
  public long chunkCount(VmSettings vm) {
    return chunkCount(vm, regionGpa, regionBytes, rangeBytes);
  }

  /**
   * The guest-physical start of chunk {@code chunk} in [0, {@link #chunkCount(VmSettings)}), counting chunks
   * slot by slot in gpa order.
   */
  public long chunkGpa(VmSettings vm, long chunk) {
    long remaining = chunk;
    for (MemslotSettings slot : vm.memslots()) {
      long lo = Math.max(slot.gpa(), regionGpa);
      long hi = Math.min(slot.endGpa(), regionGpa + regionBytes);
      long first = Math.floorDiv(lo + rangeBytes - 1, rangeBytes);
      long inSlot = Math.max(0, Math.floorDiv(hi, rangeBytes) - first);
      if (remaining < inSlot) {
        return (first + remaining) * rangeBytes;
      }
      remaining -= inSlot;
    }
    throw new IllegalArgumentException("chunk " + chunk + " out of range");
  }

  static long chunkCount(VmSettings vm, long regionGpa, long regionBytes, long rangeBytes) {
    long total = 0;
    for (MemslotSettings slot : vm.memslots()) {
      long lo = Math.max(slot.gpa(), regionGpa);
      long hi = Math.min(slot.endGpa(), regionGpa + regionBytes);
      long first = Math.floorDiv(lo + rangeBytes - 1, rangeBytes);
      total += Math.max(0, Math.floorDiv(hi, rangeBytes) - first);
    }
    return total;
  }
}
