package tdpsim.main.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * Prints the cluster settings a member would run with, one {@code key=value} line each, as seen by whatever
 * classpath it is started on: {@link ClusterJarIT} starts it with the shaded jar first, whose merged reference.conf
 * is what users get.
 */
public final class JarConfigProbe {
  static final String[] KEYS = {
      "pekko.cluster.downing-provider-class",
      "pekko.cluster.split-brain-resolver.active-strategy",
      "pekko.cluster.split-brain-resolver.stable-after",
      "pekko.cluster.sharding.passivation.strategy",
      "pekko.cluster.sharding.number-of-shards",
      "pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes",
  };

  private JarConfigProbe() {}

  public static void main(String[] args) {
    Config member = ClusterNode.config(ConfigFactory.empty());
    Config plain = ConfigFactory.load();
    for (String key : KEYS) {
      System.out.println("member " + key + "=" + member.getValue(key).unwrapped());
      System.out.println("plain " + key + "=" + plain.getValue(key).unwrapped());
    }
  }
}
