package tdpsim.actors.wiring;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The machine's window barrier: the host, every vCPU, every device and every migration arrive here when they
 * reach the end of the current window of virtual time; the last one to arrive starts the next window (tells each
 * member that can still run) or, at the end of the run, hands over to the guardian. Nothing starts window k + 1
 * before every member finished window k, so causality across entities stays exact at window edges.
 *
 * <p>Implementation notes. Arrivals are a decrement of one counter, not messages: a reply per member per window
 * through a per-VM supervisor and then the guardian put four mailbox hops (two of them across cores) and a
 * dozen message dispatches on every window's critical path, which cost as much as a 20 us window's work. One
 * counter per window is not a per-access cost: each member touches it once per window. The state of the next
 * window ({@code windowEndNs}, {@code windows}, the members' wake times) is written only by the last arriver of
 * the window before, and each member writes its own wake time before its decrement, so the decrement's ordering
 * (a volatile read-modify-write) publishes everything the last arriver reads; the next window's start reaches
 * the members through their mailboxes, which publish it again. The fan-out runs on the last arriver's thread in
 * slot order (host, then each VM's vCPUs, devices and migration), which makes the message order, and so a
 * deterministic run, the same from one run to the next.
 */
public final class WindowBarrier {
  /** A member's wake time when it will never run again. */
  public static final long NEVER = Long.MAX_VALUE;

  /** How one member's next window starts: a tell to its actor. Called on the last arriver's thread. */
  @FunctionalInterface
  public interface Member {
    void runWindow(long windowEndNs);
  }

  /** Told once, on the last arriver's thread, when no window follows: the run's time is up, or it must stop. */
  @FunctionalInterface
  public interface End {
    /**
     * @param stopReason empty when the run reached its duration or every member is idle, else why it stopped
     */
    void windowsEnded(long windowEndNs, long windows, String stopReason);
  }

  private final long durationNs;
  private final long windowNs;
  private final boolean stopOnViolation;
  private final ViolationLog violations;
  private final RunProgress progress;
  private final int[] vcpuBase;
  private final int deviceBase;
  private final int[] migrationSlot;
  private final Member[] members;
  /** Per member: it is started only for windows that end after this virtual time ({@link #NEVER}: idle). */
  private final long[] wakeAfterNs;
  private final AtomicInteger pending = new AtomicInteger();
  /**
   * {@code run.until = work}: members done with their work (a vCPU paused for stop-and-copy, a device quiesced)
   * report idle, so the run ends once every member is idle; the host's event schedule, which ends before the
   * duration, is part of the work, so every design sees the same host events.
   */
  private final boolean untilWork;
  private End end;
  private long windowEndNs;
  private long windows;

  /**
   * @param vcpusPerVm vCPUs of each VM, by VM index
   * @param devices assigned devices of the machine
   * @param migratingVms for each VM, whether it has a migration
   */
  public WindowBarrier(long durationNs, long windowNs, boolean stopOnViolation, ViolationLog violations,
      RunProgress progress, int[] vcpusPerVm, int devices, boolean[] migratingVms) {
    this(durationNs, windowNs, stopOnViolation, violations, progress, vcpusPerVm, devices, migratingVms, false);
  }

  /**
   * @param untilWork a vCPU paused or a device quiesced by a migration is done ({@link #untilWork()})
   */
  public WindowBarrier(long durationNs, long windowNs, boolean stopOnViolation, ViolationLog violations,
      RunProgress progress, int[] vcpusPerVm, int devices, boolean[] migratingVms, boolean untilWork) {
    this.untilWork = untilWork;
    if (durationNs <= 0 || windowNs <= 0) {
      throw new IllegalArgumentException("duration and window must be positive");
    }
    this.durationNs = durationNs;
    this.windowNs = windowNs;
    this.stopOnViolation = stopOnViolation;
    this.violations = violations;
    this.progress = progress;
    int slot = 1; // slot 0: the host
    vcpuBase = new int[vcpusPerVm.length];
    for (int vm = 0; vm < vcpusPerVm.length; vm++) {
      vcpuBase[vm] = slot;
      slot += vcpusPerVm[vm];
    }
    deviceBase = slot;
    slot += devices;
    migrationSlot = new int[migratingVms.length];
    for (int vm = 0; vm < migratingVms.length; vm++) {
      migrationSlot[vm] = migratingVms[vm] ? slot++ : -1;
    }
    members = new Member[slot];
    wakeAfterNs = new long[slot];
  }

  public int hostSlot() {
    return 0;
  }

  public int vcpuSlot(int vmIndex, int vcpuIndex) {
    return vcpuBase[vmIndex] + vcpuIndex;
  }

  public int deviceSlot(int deviceIndex) {
    return deviceBase + deviceIndex;
  }

  /** The slot of the VM's migration; the VM must have one. */
  public int migrationSlot(int vmIndex) {
    int slot = migrationSlot[vmIndex];
    if (slot < 0) {
      throw new IllegalArgumentException("vm" + vmIndex + " has no migration");
    }
    return slot;
  }

  /** Number of members: the host, the vCPUs, the devices and the migrations. */
  public int slots() {
    return members.length;
  }

  /** Registers how to start {@code slot}'s windows; every slot must be bound before {@link #start}. */
  public void bind(int slot, Member member) {
    members[slot] = member;
  }

  /** Starts the first window (on the caller's thread); {@code end} is told when the windows are over. */
  public void start(End end) {
    for (int i = 0; i < members.length; i++) {
      if (members[i] == null) {
        throw new IllegalStateException("window barrier slot " + i + " has no member");
      }
    }
    this.end = end;
    advance();
  }

  /**
   * {@code slot} reached the end of the current window. {@code idleFromNow}: it will never run again (a vCPU
   * whose workload is exhausted, a stopped device, a finished migration, a host with no events left), so no
   * later window is started for it. The last arrival starts the next window on the caller's thread.
   */
  public void arrive(int slot, boolean idleFromNow) {
    arrive(slot, idleFromNow ? NEVER : 0);
  }

  /**
   * {@code slot} reached the end of the current window and has nothing to do in any window that ends at or
   * before {@code wakeAfterNs} (the host until its next event is due): it is started again only for the first
   * window that ends after that time. Exact, not an approximation: such a member would only have arrived again.
   */
  public void arrive(int slot, long wakeAfterNs) {
    this.wakeAfterNs[slot] = wakeAfterNs;
    if (pending.decrementAndGet() == 0) {
      advance();
    }
  }

  /** The end of the window in progress (or of the last one), in virtual ns; for tests and progress. */
  public long windowEndNs() {
    return windowEndNs;
  }

  private void advance() {
    if (windowEndNs >= durationNs || allIdle()) {
      progress.windowsEnded();
      end.windowsEnded(windowEndNs, windows, "");
      return;
    }
    if (stopOnViolation && violations.count() > 0) {
      progress.windowsEnded();
      end.windowsEnded(windowEndNs, windows, "invariant violation: " + violations.first());
      return;
    }
    String stop = progress.stopRequested();
    if (stop != null) {
      progress.windowsEnded();
      end.windowsEnded(windowEndNs, windows, stop);
      return;
    }
    int running;
    do {
      // A window in which every member sleeps is passed without a message.
      windows++;
      windowEndNs = Math.min(durationNs, windowEndNs + windowNs);
      running = 0;
      for (long wake : wakeAfterNs) {
        if (windowEndNs > wake) {
          running++;
        }
      }
    } while (running == 0 && windowEndNs < durationNs);
    progress.window(windowEndNs, windows);
    if (running == 0) {
      progress.windowsEnded();
      end.windowsEnded(windowEndNs, windows, "");
      return;
    }
    // Counted before the first tell: a member told early may arrive before the fan-out is over.
    pending.set(running);
    long endNs = windowEndNs;
    for (int i = 0; i < members.length; i++) {
      if (endNs > wakeAfterNs[i]) {
        members[i].runWindow(endNs);
      }
    }
  }

  /** True when the run ends on work rather than time: members then report idle once their work is done. */
  public boolean untilWork() {
    return untilWork;
  }

  /**
   * Members other than the host (vCPUs, devices, migrations) that have not reported idle; after the windows end,
   * non-zero means the run reached its cap before the work was done.
   */
  public int workUnfinished() {
    int n = 0;
    for (int i = 1; i < wakeAfterNs.length; i++) {
      if (wakeAfterNs[i] != NEVER) {
        n++;
      }
    }
    return n;
  }

  private boolean allIdle() {
    for (long wake : wakeAfterNs) {
      if (wake != NEVER) {
        return false;
      }
    }
    return true;
  }
}
