package tdpsim.loadgen.scenario;

import java.util.Objects;

/**
 * How an assigned device moves data ({@code dma} of a device).
 *
 * @param pattern ring, bulk or random
 * @param ringSizeBytes ring buffer size (pattern ring)
 * @param bufferBaseGpa guest-physical base of the ring or region
 * @param regionSizeBytes region size (patterns bulk and random)
 * @param transferSizeBytes bytes per transfer, a multiple of 4 KiB
 * @param rateBytesPerSec bytes per second of virtual time
 * @param writeRatio probability that a transfer writes guest memory
 * @param totalBytes bytes after which the device stops, a multiple of 4 KiB; 0 = until the run ends
 * @param mmioShare probability that a transfer targets the VM's first emulated-MMIO range instead (0: never)
 * @param mmioGpa that range's start (used when {@code mmioShare > 0})
 * @param mmioSizeBytes that range's size (used when {@code mmioShare > 0})
 */
public record DmaSettings(
    DmaPattern pattern,
    long ringSizeBytes,
    long bufferBaseGpa,
    long regionSizeBytes,
    long transferSizeBytes,
    long rateBytesPerSec,
    double writeRatio,
    long totalBytes,
    double mmioShare,
    long mmioGpa,
    long mmioSizeBytes) {
  /** A device that never targets emulated MMIO. */
  public DmaSettings(DmaPattern pattern, long ringSizeBytes, long bufferBaseGpa, long regionSizeBytes,
      long transferSizeBytes, long rateBytesPerSec, double writeRatio, long totalBytes) {
    this(pattern, ringSizeBytes, bufferBaseGpa, regionSizeBytes, transferSizeBytes, rateBytesPerSec, writeRatio,
        totalBytes, 0, 0, 0);
  }

  public DmaSettings {
    Checks.checkRatio(mmioShare, "mmioShare");
    Checks.check(mmioShare == 0 || mmioSizeBytes >= 4096, "mmioShare > 0 needs an MMIO range");
    Objects.requireNonNull(pattern, "pattern");
    Checks.checkPositive(transferSizeBytes, "transferSizeBytes");
    Checks.checkPageAligned(transferSizeBytes, "transferSizeBytes");
    Checks.checkPageAligned(bufferBaseGpa, "bufferBaseGpa");
    Checks.checkNonNegative(bufferBaseGpa, "bufferBaseGpa");
    // Only the extent the pattern uses must hold a transfer (as the scenario loader checks it): a random device
    // with a large transfer-size and the default ring-size is valid, and used to end in an internal error here.
    if (pattern == DmaPattern.RING) {
      Checks.check(ringSizeBytes >= transferSizeBytes, "ringSizeBytes must be >= transferSizeBytes");
    } else {
      Checks.check(regionSizeBytes >= transferSizeBytes, "regionSizeBytes must be >= transferSizeBytes");
    }
    Checks.checkPositive(rateBytesPerSec, "rateBytesPerSec");
    Checks.checkRatio(writeRatio, "writeRatio");
    Checks.checkNonNegative(totalBytes, "totalBytes");
    Checks.checkPageAligned(totalBytes, "totalBytes");
  }

  /** A device that moves data until the run ends. */
  public DmaSettings(DmaPattern pattern, long ringSizeBytes, long bufferBaseGpa, long regionSizeBytes,
      long transferSizeBytes, long rateBytesPerSec, double writeRatio) {
    this(pattern, ringSizeBytes, bufferBaseGpa, regionSizeBytes, transferSizeBytes, rateBytesPerSec, writeRatio, 0);
  }

  /** 4 KiB pages after which the device stops; 0 = unlimited. */
  public long totalPages() {
    return totalBytes >>> 12;
  }

  /** Bytes of guest memory the pattern ranges over, from {@link #bufferBaseGpa()}. */
  public long extentBytes() {
    return pattern == DmaPattern.RING ? ringSizeBytes : regionSizeBytes;
  }

  /** Virtual nanoseconds one transfer takes at the configured rate (at least 1). */
  public long nsPerTransfer() {
    double ns = transferSizeBytes * 1e9 / rateBytesPerSec;
    return Math.max(1L, Math.round(ns));
  }
}
