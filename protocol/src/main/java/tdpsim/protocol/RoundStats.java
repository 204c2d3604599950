package tdpsim.protocol;

/**
 * One round of a VM's live migration, as the report's {@code perRound} rows show it. Round 1 is the bulk copy
 * of every page, which follows no harvest, so it has no dirty counts ({@code dirtied} null); every later round
 * sends what the harvest before it reported dirty.
 *
 * @param round 1 for the bulk copy, then 2, 3, ... (the last one is the stop-and-copy)
 * @param pagesSent 4 KiB pages copied in this round
 * @param dirtied what the harvest before this round found, and who wrote those pages (the oracle), or null for
 *     round 1
 * @param harvestNs virtual time from the start of the harvest (or of tracking, for round 1) to the copy's start
 * @param durationNs virtual time of the whole round, harvest and send
 */
public record RoundStats(int round, long pagesSent, Dirtied dirtied, long harvestNs, long durationNs) {
  /**
   * The dirty figures of one harvest.
   *
   * @param dirtyReported pages the design's dirty tracking reported (and the round sends)
   * @param dirtiedByCpu pages the lost-write oracle saw written in the round by vCPUs only
   * @param dirtiedByDevice pages written by devices (DMA) only
   * @param dirtiedByBoth pages written by both
   */
  public record Dirtied(long dirtyReported, long dirtiedByCpu, long dirtiedByDevice, long dirtiedByBoth) {}
}
