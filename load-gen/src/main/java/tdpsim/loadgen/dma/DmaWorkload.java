package tdpsim.loadgen.dma;

import java.util.SplittableRandom;
import tdpsim.loadgen.EntitySeeds;
import tdpsim.loadgen.Workload;
import tdpsim.loadgen.scenario.DeviceSettings;
import tdpsim.loadgen.scenario.DmaPattern;
import tdpsim.loadgen.scenario.DmaSettings;
import tdpsim.protocol.Access;

/**
 * The DMA stream of one device: transfers of {@code transfer-size} bytes, each emitted as its 4 KiB pages in
 * order (all reads or all writes, by one coin flip per transfer), never ending. RING walks a ring buffer
 * transfer by transfer, wrapping (a transfer may straddle the wrap, as descriptors do); BULK walks the region
 * with transfers that never straddle its end (restarting at the base); RANDOM picks a transfer-aligned slot.
 * Pacing: one transfer takes {@link #nsPerTransfer()} of virtual time, so one page access
 * {@link #thinkTimeNs()}.
 */
public final class DmaWorkload implements Workload {
  private final DmaPattern pattern;
  private final long baseGfn;
  private final long extentPages;
  private final long transferPages;
  private final double writeRatio;
  private final long nsPerTransfer;
  private final SplittableRandom random;
  /** Page offset of the next transfer (RING, BULK). */
  private long cursor;
  /** Page offset of the transfer being emitted, and how many of its pages are out. */
  private long transferStart;
  private long transferDone;
  private boolean transferWrite;
  /** Share of transfers aimed at the VM's first emulated-MMIO range, and that range. */
  private final double mmioShare;
  private final long mmioGfn;
  private final long mmioPages;
  private boolean transferMmio;

  public DmaWorkload(DmaSettings dma, SplittableRandom random) {
    this.pattern = dma.pattern();
    this.baseGfn = dma.bufferBaseGpa() >>> 12;
    this.extentPages = dma.extentBytes() >>> 12;
    this.transferPages = dma.transferSizeBytes() >>> 12;
    this.writeRatio = dma.writeRatio();
    this.nsPerTransfer = dma.nsPerTransfer();
    this.random = random;
    this.mmioShare = dma.mmioShare();
    this.mmioGfn = dma.mmioGpa() >>> 12;
    this.mmioPages = dma.mmioSizeBytes() >>> 12;
  }

  /** The device's stream, seeded with {@code EntitySeeds.of(scenarioSeed, DEVICE, device.index())}. */
  public static DmaWorkload create(DeviceSettings device, long scenarioSeed) {
    return new DmaWorkload(device.dma(),
        new SplittableRandom(EntitySeeds.of(scenarioSeed, EntitySeeds.DEVICE, device.index())));
  }

  @Override
  public int next(long[] buf, int max) {
    for (int i = 0; i < max; i++) {
      if (transferDone == 0) {
        startTransfer();
      }
      if (transferMmio) {
        buf[i] = Access.encode(mmioGfn + (transferDone % mmioPages), transferWrite);
      } else {
        long offset = (transferStart + transferDone) % extentPages;
        buf[i] = Access.encode(baseGfn + offset, transferWrite);
      }
      if (++transferDone == transferPages) {
        transferDone = 0;
      }
    }
    return max;
  }

  private void startTransfer() {
    transferWrite = random.nextDouble() < writeRatio;
    // Drawn only when MMIO targeting is on, so that other devices' streams are unchanged.
    transferMmio = mmioShare > 0 && random.nextDouble() < mmioShare;
    if (transferMmio) {
      return;
    }
    switch (pattern) {
      case RING -> {
        transferStart = cursor;
        cursor = (cursor + transferPages) % extentPages;
      }
      case BULK -> {
        if (cursor + transferPages > extentPages) {
          cursor = 0;
        }
        transferStart = cursor;
        cursor += transferPages;
      }
      case RANDOM -> transferStart = random.nextLong(extentPages / transferPages) * transferPages;
      default -> throw new IllegalStateException(pattern.toString());
    }
  }

  /** Virtual nanoseconds one transfer takes at the configured rate. */
  public long nsPerTransfer() {
    return nsPerTransfer;
  }

  /** 4 KiB pages per transfer. */
  public long pagesPerTransfer() {
    return transferPages;
  }

  /** Virtual nanoseconds per page access: {@code nsPerTransfer / pagesPerTransfer}, at least 1. */
  @Override
  public long thinkTimeNs() {
    return Math.max(1, nsPerTransfer / transferPages);
  }
}
