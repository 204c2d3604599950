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
 */
public record DmaSettings(
    DmaPattern pattern,
    long ringSizeBytes,
    long bufferBaseGpa,
    long regionSizeBytes,
    long transferSizeBytes,
    long rateBytesPerSec,
    double writeRatio,
    long totalBytes) {
  public DmaSettings {
    Objects.requireNonNull(pattern, "pattern");
    Checks.checkPositive(transferSizeBytes, "transferSizeBytes");
    Checks.checkPageAligned(transferSizeBytes, "transferSizeBytes");
    Checks.checkPageAligned(bufferBaseGpa, "bufferBaseGpa");
    Checks.checkNonNegative(bufferBaseGpa, "bufferBaseGpa");
    Checks.check(ringSizeBytes >= transferSizeBytes, "ringSizeBytes must be >= transferSizeBytes");
    Checks.check(regionSizeBytes >= transferSizeBytes, "regionSizeBytes must be >= transferSizeBytes");
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
