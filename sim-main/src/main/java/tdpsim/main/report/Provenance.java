package tdpsim.main.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Where a report came from: the tdpsim build (version and the git commit it was built from, {@code unknown}
 * outside git), the Java version, the resolved scenario as HOCON, the resolved cost model, the seeds and the number
 * of replications, and a SHA-256 over all of these. Two reports with the same hash come from the same inputs.
 *
 * @param hash SHA-256, hex, over the other fields in order, each followed by a NUL byte
 */
public record Provenance(String tdpsimVersion, String gitCommit, String javaVersion, String scenarioHocon,
    String costModel, List<Long> seeds, int replications, String hash) {
  public Provenance {
    Objects.requireNonNull(tdpsimVersion, "tdpsimVersion");
    Objects.requireNonNull(gitCommit, "gitCommit");
    Objects.requireNonNull(javaVersion, "javaVersion");
    Objects.requireNonNull(scenarioHocon, "scenarioHocon");
    Objects.requireNonNull(costModel, "costModel");
    seeds = List.copyOf(seeds);
  }

  /** A provenance with its hash computed. */
  public static Provenance of(String tdpsimVersion, String gitCommit, String javaVersion, String scenarioHocon,
      String costModel, List<Long> seeds, int replications) {
    return new Provenance(tdpsimVersion, gitCommit, javaVersion, scenarioHocon, costModel, seeds, replications,
        hash(tdpsimVersion, gitCommit, javaVersion, scenarioHocon, costModel, seeds.toString(),
            Integer.toString(replications)));
  }

  /** SHA-256 of the parts, each followed by a NUL, as lower-case hex. */
  public static String hash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
