package tdpsim.main.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
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

  /** The shared secret of the test members (a file readable by its owner alone). */
  static final Path SECRET = secretFile("test-cluster-secret-0123456789");

  /** Loopback, free ports, short re-send interval, one JVM holding several members. */
  static final Config BASE = ConfigFactory.parseString("tdpsim.cluster.secret-file = \"" + SECRET + "\"")
      .withFallback(ConfigFactory.parseString("""
      tdpsim.cluster.host = "127.0.0.1"
      tdpsim.cluster.port = 0
      tdpsim.cluster.resend-interval = 500ms
      tdpsim.cluster.worker-wait-timeout = 20s
      pekko.loglevel = WARNING
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = off
      pekko.cluster.sharding.rebalance-interval = 2s
      """));

  /** A new file holding {@code secret}, readable by its owner alone, deleted when the JVM exits. */
  static Path secretFile(String secret) {
    try {
      Path dir = Files.createTempDirectory("tdpsim-secret");
      Path file = dir.resolve("cluster-secret");
      Files.writeString(file, secret);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A member whose terminate() drops off the network without leaving, like a killed process. */
  static final Config KILLABLE = ConfigFactory.parseString(
      "pekko.coordinated-shutdown.run-by-actor-system-terminate = off").withFallback(BASE);

  private final List<ClusterNode> members = new ArrayList<>();
  private final List<ClusterNode> workers = new ArrayList<>();
  private final Function<WorkItem, ModeResult> runner;
  private String seed;

  TestCluster(Function<WorkItem, ModeResult> runner) {
    this.runner = runner;
  }

  TestCluster() {
    this(WorkRunner::run);
  }

  /**
   * A runner that holds every run until {@code gate} opens (at most {@link #FORMATION}), then runs it: a test
   * opens the gate on the event it waits for, so no member can finish the work before it, however busy the
   * machine. If the event never comes, the runs go on after the wait and the test's assertions fail.
   */
  static Function<WorkItem, ModeResult> gated(CountDownLatch gate) {
    return item -> {
      try {
        gate.await(FORMATION.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return WorkRunner.run(item);
    };
  }

  /**
   * A runner that lets the first {@code free} runs of the cluster go at once and holds every later one as
   * {@link #gated} does: a test acts after a run finished and before any other can, without guessing how long a
   * run takes on a busy machine.
   */
  static Function<WorkItem, ModeResult> gatedAfter(int free, CountDownLatch gate) {
    AtomicInteger runs = new AtomicInteger();
    Function<WorkItem, ModeResult> held = gated(gate);
    return item -> runs.getAndIncrement() < free ? WorkRunner.run(item) : held.apply(item);
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
    if (worker) {
      workers.add(node);
    }
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
      if (allUp && regionsRegistered()) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new AssertionError("cluster of " + members.size() + " did not form within " + FORMATION);
  }

  /**
   * True when the shard coordinator knows a region on every live worker: before that, new shards can only go to
   * the regions it knows, and a test that submits at once would see them all on one member.
   */
  private boolean regionsRegistered() {
    ClusterNode any = members.get(0);
    long liveWorkers = workers.stream().filter(n -> !n.whenTerminated().toCompletableFuture().isDone()).count();
    try {
      ClusterShardingStats stats = AskPattern.<ClusterShardingQuery, ClusterShardingStats>ask(
          ClusterSharding.get(any.system()).shardState(),
          replyTo -> new GetClusterShardingStats(WorkEntity.TYPE_KEY, Duration.ofSeconds(2), replyTo),
          Duration.ofSeconds(3), any.system().scheduler()).toCompletableFuture().get(4, TimeUnit.SECONDS);
      return stats.getRegions().size() >= liveWorkers;
    } catch (Exception e) {
      return false;
    }
  }

  private long liveMembers() {
    return members.stream().filter(n -> !n.whenTerminated().toCompletableFuture().isDone()).count();
  }

  @Override
  public void close() {
    // The others leave together, then the founding member, so none sees the founder vanish first.
    for (int i = 1; i < members.size(); i++) {
      members.get(i).system().terminate();
    }
    for (int i = 1; i < members.size(); i++) {
      members.get(i).close();
    }
    if (!members.isEmpty()) {
      members.get(0).close();
    }
  }
}
