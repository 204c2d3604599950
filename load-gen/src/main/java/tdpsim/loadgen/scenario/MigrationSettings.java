package tdpsim.loadgen.scenario;

import java.util.Objects;

/**
 * A live migration of one VM (after replica expansion). Schema only for now: the migration actor comes later.
 *
 * @param vmIndex the VM being migrated
 * @param startNs virtual time at which dirty tracking starts
 * @param bandwidthBytesPerSec migration link bandwidth
 * @param maxRounds pre-copy rounds before stop-and-copy is forced, >= 1
 * @param convergePages stop-and-copy once a round leaves at most this many dirty pages
 * @param dirtyTracking how writes are tracked
 * @param initiallySet all pages start dirty (KVM_DIRTY_LOG_INITIALLY_SET)
 */
public record MigrationSettings(
    int vmIndex,
    long startNs,
    long bandwidthBytesPerSec,
    int maxRounds,
    long convergePages,
    DirtyTracking dirtyTracking,
    boolean initiallySet,
    DeviceDirtyTracking deviceTracking,
    HugePageSplit hugePageSplit) {
  public MigrationSettings {
    Objects.requireNonNull(dirtyTracking, "dirtyTracking");
    Objects.requireNonNull(deviceTracking, "deviceTracking");
    Objects.requireNonNull(hugePageSplit, "hugePageSplit");
    Checks.checkNonNegative(vmIndex, "vmIndex");
    Checks.checkNonNegative(startNs, "startNs");
    Checks.checkPositive(bandwidthBytesPerSec, "bandwidthBytesPerSec");
    Checks.checkPositive(maxRounds, "maxRounds");
    Checks.checkNonNegative(convergePages, "convergePages");
  }
}
