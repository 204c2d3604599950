package tdpsim.main;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tdpsim.main.cluster.ClusterNode;

/**
 * {@code tdpsim node}: starts a cluster member that runs work items of clustered experiments (sweep points,
 * designs of a run) submitted from any member, until it is stopped (Ctrl-C, SIGTERM: it leaves gracefully and
 * its items move to the others) or {@code --stop-after} elapses. See docs/cluster.md.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Start a cluster member that runs work items of clustered experiments.")
public final class NodeCommand implements Callable<Integer> {
  @Option(names = "--host", description = "host to bind and advertise (default: tdpsim.cluster.host, 127.0.0.1)")
  String host;

  @Option(names = "--port", description = "Artery TCP port, 0 for any free one (default: tdpsim.cluster.port, 25520)")
  Integer port;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "members to join; none: this member founds a new cluster")
  List<String> seedNodes = List.of();

  @Option(names = "--cluster-name", paramLabel = "NAME",
      description = "cluster (actor system) name, the same on every member (default: tdpsim)")
  String clusterName;

  @Option(names = "--runs", paramLabel = "N", description = "items this member runs at once (default: 1)")
  Integer runs;

  @Option(names = "--secret-file", paramLabel = "FILE",
      description = "the cluster's shared secret, readable by you alone; created when missing "
          + "(default: tdpsim.cluster.secret-file, ~/.tdpsim/cluster-secret)")
  String secretFile;

  @Option(names = "--insecure",
      description = "allow a non-loopback --host without TLS (members would talk in clear; docs/cluster.md)")
  boolean insecure;

  @Option(names = "--stop-after", paramLabel = "DURATION",
      description = "leave the cluster and exit after this long, e.g. 120s or 10m (default: run until stopped)")
  String stopAfter;

  @Override
  public Integer call() throws InterruptedException {
    Config overrides = ConfigFactory.empty();
    if (host != null) {
      overrides = overrides.withValue("tdpsim.cluster.host", ConfigValueFactory.fromAnyRef(host));
    }
    if (port != null) {
      if (port < 0 || port > 65535) {
        throw new UserException("--port " + port + ": expected a TCP port in 0..65535 (0 = any free port)");
      }
      overrides = overrides.withValue("tdpsim.cluster.port", ConfigValueFactory.fromAnyRef(port));
    }
    if (clusterName != null) {
      overrides = overrides.withValue("tdpsim.cluster.name", ConfigValueFactory.fromAnyRef(clusterName));
    }
    if (runs != null) {
      if (runs < 1) {
        throw new UserException("--runs must be at least 1: " + runs);
      }
      overrides = overrides.withValue("tdpsim.cluster.runs-per-member", ConfigValueFactory.fromAnyRef(runs));
    }
    if (secretFile != null) {
      overrides = overrides.withValue("tdpsim.cluster.secret-file", ConfigValueFactory.fromAnyRef(secretFile));
    }
    if (insecure) {
      overrides = overrides.withValue("tdpsim.cluster.insecure", ConfigValueFactory.fromAnyRef(true));
    }
    Duration limit = stopAfter == null ? null : parseDuration(stopAfter);
    // From here a member leaves the cluster gracefully on Ctrl-C/SIGTERM through Pekko's coordinated shutdown.
    tdpsim.main.engine.SignalExit.handledByTheCommand();
    ClusterNode node = ClusterNode.start(overrides, seedNodes, true, false);
    node.printMembership(System.out);
    node.printItems(System.out);
    if (!node.awaitUp(Duration.ofSeconds(60))) {
      node.close();
      throw new UserException("could not join the cluster through " + (seedNodes.isEmpty() ? "itself"
          : String.join(",", seedNodes)) + " within 60 s; is a seed node running there with the same --cluster-name"
          + " and the same cluster secret (" + node.secretFile() + ")?");
    }
    System.out.println("tdpsim node: up as " + node.address() + "; cluster secret " + node.secretFile()
        + "; Ctrl-C leaves the cluster");
    System.out.flush();
    try {
      if (limit == null) {
        node.whenTerminated().toCompletableFuture().get();
      } else {
        node.whenTerminated().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      }
      // Stopped without our asking: downed by the others, or could not stay in the cluster.
      System.out.println("tdpsim node: this member left the cluster (downed or shut down); "
          + node.itemsStarted() + " items were started here");
      return Main.EXIT_INCOMPLETE;
    } catch (TimeoutException e) {
      System.out.println("tdpsim node: --stop-after " + stopAfter + " elapsed; leaving the cluster ("
          + node.itemsStarted() + " items were started here)");
      node.close();
      return 0;
    } catch (ExecutionException e) {
      return Main.EXIT_INCOMPLETE;
    }
  }

  private static Duration parseDuration(String text) {
    try {
      return ConfigFactory.parseString("d = " + text).getDuration("d");
    } catch (RuntimeException e) {
      throw new UserException("--stop-after: not a duration: '" + text + "' (e.g. 90s, 10m)");
    }
  }
}
