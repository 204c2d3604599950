package tdpsim.protocol;

import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Messages of a clustered experiment: the submitting node assigns work items to sharded work entities, which run
 * each item on their own node and report progress and the result back. These are the only simulator messages
 * that cross nodes; a simulation's own request/response pairs stay inside the node that runs the item.
 *
 * <p>Results carry the design's report as its {@code report.json} text rather than as report records, so this
 * module needs no report types and a report field added later crosses without a wire change.
 */
public interface Experiment {
  /** Every message a work entity accepts. */
  sealed interface Command extends SimMessage permits Run, Internal {}

  /** Hatch for the work entity's private messages (its own completion signal, hand-off). */
  non-sealed interface Internal extends Command {}

  /**
   * Run one work item (a scenario in one design with one seed) and report {@link Started}, then {@link Finished}
   * or {@link Failed}, to {@code replyTo}. Idempotent: an entity already running or holding the item's result
   * does not run it again, it only takes the newest {@code replyTo}.
   *
   * @param experimentId the submitting experiment, unique per submission
   * @param index the item's position in its experiment (sweep point number)
   * @param scenario a scenario file path as the submitter named it, or {@code builtin:default}
   * @param scenarioText the scenario resolved by the submitter, as JSON, sealed (AES-GCM) under the cluster secret,
   *     so a member on another host needs no copy and only members with the secret can read it
   * @param overrides full key paths to values rendered as JSON value text (e.g. {@code "4 GiB"} quoted), each
   *     value sealed like {@code scenarioText}
   * @param mac HMAC-SHA256 of the other fields under the cluster's shared secret, hex; a member runs nothing whose
   *     mac does not verify (docs/cluster.md, threat model)
   */
  record Run(String experimentId, int index, String scenario, String scenarioText, Map<String, String> overrides,
      Mode mode, long seed, boolean deterministic, ActorRef<Progress> replyTo, String mac) implements Command {
    public Run {
      Objects.requireNonNull(experimentId, "experimentId");
      Objects.requireNonNull(scenario, "scenario");
      Objects.requireNonNull(scenarioText, "scenarioText");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(mac, "mac");
      overrides = Map.copyOf(overrides);
    }
  }

  /** What a work entity reports to the submitter. */
  sealed interface Progress extends SimMessage permits Started, Finished, Failed {}

  /**
   * The item began running on {@code member} (a cluster address such as {@code pekko://tdpsim@host:port}). Every
   * progress message carries {@code mac}, the HMAC of its other fields under the cluster secret, as {@link Run}.
   */
  record Started(String experimentId, int index, String member, String mac) implements Progress {}

  /**
   * The item ran on {@code member}.
   *
   * @param modeReportJson the design's report as its object in {@code report.json} ({@code modes.<mode>})
   * @param events simulated events processed
   * @param messages actor messages delivered inside the run (they never left {@code member})
   * @param wallNs wall-clock duration of the run on {@code member}, ns
   * @param heapBytes heap in use on {@code member} at the end of the run, bytes
   * @param complete false when the simulation stopped early, {@code stopReason} saying why (empty when complete)
   */
  record Finished(String experimentId, int index, String member, String modeReportJson, long events,
      long messages, long wallNs, long heapBytes, boolean complete, String stopReason, String mac)
      implements Progress {}

  /** The item could not run on {@code member} (a bad scenario, an exception); {@code reason} is one line. */
  record Failed(String experimentId, int index, String member, String reason, String mac) implements Progress {}

  /**
   * A member's check that another member holds the cluster's shared secret (a join through a seed node is checked
   * on the way in, a direct join is not: every member challenges every other once it is up, and downs one that
   * does not answer with a valid {@link Proof}).
   */
  sealed interface Attestation extends SimMessage permits Challenge, Proof {}

  /** Prove the secret for {@code nonce}: answer {@link Proof} to {@code replyTo}. */
  record Challenge(String nonce, ActorRef<Proof> replyTo) implements Attestation {}

  /** HMAC(key, "attest|" + nonce + "|" + member) by {@code member}, the answering member's own address. */
  record Proof(String member, String nonce, String mac) implements Attestation {}
}
