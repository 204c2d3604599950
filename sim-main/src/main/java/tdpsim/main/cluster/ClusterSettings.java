package tdpsim.main.cluster;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code tdpsim.cluster} block as a record, read once when a member starts (reference.conf documents every
 * key).
 */
public record ClusterSettings(String name, String host, int port, String workerRole, String submitterRole,
    boolean submitterRunsWork, int runsPerMember, int inFlightPerWorker, Duration resendInterval,
    Duration resultRetention, Duration workerWaitTimeout, Path scenarioCache, Path secretFile, boolean insecure,
    Duration attestTimeout) {

  public ClusterSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("tdpsim.cluster.port out of 0..65535: " + port);
    }
    if (runsPerMember < 1 || inFlightPerWorker < 1) {
      throw new IllegalArgumentException("tdpsim.cluster.runs-per-member and in-flight-per-worker must be >= 1");
    }
  }

  public static ClusterSettings from(Config config) {
    Config c = config.getConfig("tdpsim.cluster");
    String cache = c.getString("scenario-cache");
    String secret = c.getString("secret-file");
    return new ClusterSettings(c.getString("name"), c.getString("host"), c.getInt("port"),
        c.getString("worker-role"), c.getString("submitter-role"), c.getBoolean("submitter-runs-work"),
        c.getInt("runs-per-member"), c.getInt("in-flight-per-worker"), c.getDuration("resend-interval"),
        c.getDuration("result-retention"), c.getDuration("worker-wait-timeout"),
        cache.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "tdpsim-cluster-scenarios")
            : Path.of(cache),
        secret.isEmpty() ? Path.of(System.getProperty("user.home"), ".tdpsim", "cluster-secret") : Path.of(secret),
        c.getBoolean("insecure"), c.getDuration("attest-timeout"));
  }
}
