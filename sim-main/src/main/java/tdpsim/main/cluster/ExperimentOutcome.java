package tdpsim.main.cluster;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tdpsim.main.work.ModeResult;

/**
 * What a clustered experiment produced on the submitting member: the results by item index, where each ran, what
 * had to run again, and the experiment's traffic between members.
 *
 * <p>Items are numbered by their position in the submitted list (0-based), not by {@code WorkItem.index()}.
 *
 * @param results results by item position, ascending; an incomplete experiment lacks some
 * @param ranOn the member each finished item ran on, by index
 * @param reruns items that started on a member that then left the cluster, and ran again elsewhere
 * @param failures items that could not run, by index, with the member's one-line reason
 * @param complete true when every item finished
 * @param incompleteReason why not, or null when complete
 * @param wire the experiment's traffic between members
 */
public record ExperimentOutcome(String experimentId, int items, Map<Integer, ModeResult> results,
    Map<Integer, String> ranOn, List<Rerun> reruns, Map<Integer, String> failures, boolean complete,
    String incompleteReason, WireStats wire) {

  public ExperimentOutcome {
    results = Collections.unmodifiableMap(new TreeMap<>(results));
    ranOn = Collections.unmodifiableMap(new TreeMap<>(ranOn));
    reruns = List.copyOf(reruns);
    failures = Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  /** An item that started on {@code lostOn}, which left the cluster before it finished, and ran again. */
  public record Rerun(int index, String lostOn, String reason) {}

  /**
   * Messages of the experiment that crossed members, counted on the submitter.
   *
   * @param assignmentsSent {@code Experiment.Run} messages sent (re-sends included)
   * @param progressReceived {@code Started}, {@code Finished} and {@code Failed} messages received
   * @param resultBytes wire bytes of all {@code Finished} results received (serialized with the Kryo serializer)
   * @param results {@code Finished} results received (duplicates included)
   * @param wallNs wall-clock duration from submission to the last result, ns
   */
  public record WireStats(long assignmentsSent, long progressReceived, long resultBytes, long results,
      long wallNs) {
    public double bytesPerResult() {
      return results == 0 ? 0 : (double) resultBytes / results;
    }

    public double messagesPerSecond() {
      return wallNs == 0 ? 0 : (assignmentsSent + progressReceived) / (wallNs / 1e9);
    }
  }
}
