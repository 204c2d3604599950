package tdpsim.main.cluster;

import com.typesafe.config.Config;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid$;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a join between members that do not share the cluster secret: the joining member and the member it
 * joins through each present {@value #KEY} (HMAC of "join" under the secret, see {@link ClusterSecret}) and each
 * checks the other's. Registered in tdpsim-cluster.conf under
 * {@code pekko.cluster.configuration-compatibility-check.checkers}; the cluster name alone admits nobody.
 */
public final class SecretJoinChecker extends JoinConfigCompatChecker {
  /** The config key holding this member's join proof; set by {@link ClusterNode}, never in a file. */
  static final String KEY = "tdpsim.cluster.join-proof";

  @Override
  public Seq<String> requiredKeys() {
    return CollectionConverters.asScala(List.of(KEY)).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    String theirs = toCheck.hasPath(KEY) ? toCheck.getString(KEY) : null;
    String ours = actualConfig.hasPath(KEY) ? actualConfig.getString(KEY) : null;
    if (ClusterSecret.sameMac(theirs, ours)) {
      return Valid$.MODULE$;
    }
    return new Invalid(CollectionConverters.asScala(List.of(
        "the member does not present this cluster's secret (tdpsim.cluster.secret-file); join refused")).toList());
  }
}
