package tdpsim.protocol;

import java.util.List;

/**
 * The outcome of one VM's live migration, sent by its migration actor with its {@link EntityStats} at the end
 * of a run. A migration still running when the run ended is {@code finished} false and has only the rounds,
 * pages and per-round rows it reached (its times and lost writes are 0).
 *
 * @param vm the VM's index
 * @param rounds rounds started, the bulk copy included
 * @param pagesSent 4 KiB pages copied over all rounds
 * @param totalNs virtual time from the migration's start to the end of the stop-and-copy
 * @param downtimeNs virtual time the VM was paused (stop-and-copy)
 * @param lostWrites pages written and never sent after their last write (the lost-write oracle)
 * @param finished true when the stop-and-copy completed within the run
 * @param lostGfnSample the lowest few lost gfns, for reports
 * @param perRound one row per round, in order
 */
public record MigrationReport(int vm, long rounds, long pagesSent, long totalNs, long downtimeNs, long lostWrites,
    boolean finished, List<Long> lostGfnSample, List<RoundStats> perRound) {
  public MigrationReport {
    lostGfnSample = List.copyOf(lostGfnSample);
    perRound = List.copyOf(perRound);
  }
}
