package tdpsim.main.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;

/**
 * Cluster members as several actor systems in this JVM, on loopback with free ports: worker members and one
 * submitting member, each with the configuration a test needs.
 */
final class TestCluster implements AutoCloseable {
  static final Duration FORMATION = Duration.ofSeconds(20);

  /** Loopback, free ports, short re-send interval, one JVM holding several members. */
  static final Config BASE = ConfigFactory.parseString("""
      tdpsim.cluster.host = "127.0.0.1"
      tdpsim.cluster.port = 0
      tdpsim.cluster.resend-interval = 500ms
      tdpsim.cluster.worker-wait-timeout = 20s
      pekko.loglevel = WARNING
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = off
      pekko.cluster.sharding.rebalance-interval = 2s
      """);

  /** A member whose terminate() drops off the network without leaving, like a killed process. */
  static final Config KILLABLE = ConfigFactory.parseString(
      "pekko.coordinated-shutdown.run-by-actor-system-terminate = off").withFallback(BASE);

  private final List<ClusterNode> members = new ArrayList<>();
  private final Function<WorkItem, ModeResult> runner;
  private String seed;

  TestCluster(Function<WorkItem, ModeResult> runner) {
    this.runner = runner;
  }

  TestCluster() {
    this(WorkRunner::run);
  }

  /** A runner that waits {@code delayMs} before each real run, so a test can act while items are running. */
  static Function<WorkItem, ModeResult> slow(long delayMs) {
    return item -> {
      try {
        TimeUnit.MILLISECONDS.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return WorkRunner.run(item);
    };
  }

  ClusterNode worker() {
    return start(BASE, true, false);
  }

  ClusterNode killableWorker() {
    return start(KILLABLE, true, false);
  }

  ClusterNode submitter() {
    return start(BASE, false, true);
  }

  ClusterNode start(Config config, boolean worker, boolean submitter) {
    List<String> seeds = seed == null ? List.of() : List.of(seed);
    ClusterNode node = ClusterNode.start(config, seeds, worker, submitter, runner);
    members.add(node);
    if (seed == null) {
      seed = "127.0.0.1:" + node.port();
    }
    return node;
  }

  /** Waits until every started member sees all of them up. */
  void awaitAllUp() throws InterruptedException {
    long deadline = System.nanoTime() + FORMATION.toNanos();
    while (System.nanoTime() < deadline) {
      boolean allUp = true;
      for (ClusterNode node : members) {
        if (node.whenTerminated().toCompletableFuture().isDone()) {
          continue;
        }
        Cluster cluster = Cluster.get(node.system());
        long up = 0;
        for (org.apache.pekko.cluster.Member m : cluster.state().getMembers()) {
          if (m.status().equals(MemberStatus.up())) {
            up++;
          }
        }
        allUp &= up == liveMembers();
      }
      if (allUp) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("cluster of " + members.size() + " did not form within " + FORMATION);
  }

  private long liveMembers() {
    return members.stream().filter(n -> !n.whenTerminated().toCompletableFuture().isDone()).count();
  }

  @Override
  public void close() {
    // Workers first, the founding member last, so the others leave instead of seeing it vanish.
    for (int i = members.size() - 1; i >= 0; i--) {
      members.get(i).close();
    }
  }
}
