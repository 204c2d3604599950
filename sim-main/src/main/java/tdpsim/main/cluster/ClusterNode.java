package tdpsim.main.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import tdpsim.main.UserException;
import tdpsim.main.engine.WallClock;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;

/**
 * One cluster member in this JVM: its actor system (cluster provider, Artery TCP), the work entities' shard region
 * (or a proxy to it on a member without the worker role), and the threads that run its items.
 */
public final class ClusterNode implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final ClusterSettings settings;
  private final MemberWork work;
  private final ClusterSecret secret;

  private ClusterNode(ActorSystem<Void> system, ClusterSettings settings, MemberWork work, ClusterSecret secret) {
    this.system = system;
    this.settings = settings;
    this.work = work;
    this.secret = secret;
  }

  /**
   * Starts a member that runs work items with {@link WorkRunner#run(WorkItem, boolean)} (cores shared when the
   * member runs more than one item at a time).
   *
   * @param overrides config on top of the classpath's ({@code tdpsim.cluster.*}, any {@code pekko.*})
   * @param seedNodes seed members as {@code host:port}; empty means this member founds a new cluster
   * @param worker whether this member runs work items
   * @param submitter whether this member submits experiments
   */
  public static ClusterNode start(Config overrides, List<String> seedNodes, boolean worker, boolean submitter) {
    boolean coresShared = ClusterSettings.from(config(overrides)).runsPerMember() > 1;
    return start(overrides, seedNodes, worker, submitter, item -> WorkRunner.run(item, coresShared));
  }

  /** {@link #start(Config, List, boolean, boolean)} with another runner of items (tests slow items down). */
  public static ClusterNode start(Config overrides, List<String> seedNodes, boolean worker, boolean submitter,
      Function<WorkItem, ModeResult> runner) {
    Config base = config(overrides);
    ClusterSettings settings = ClusterSettings.from(base);
    checkTransport(settings, base);
    ClusterSecret secret = ClusterSecret.load(settings.secretFile(), settings.name());
    List<String> roles = new ArrayList<>();
    if (worker) {
      roles.add(settings.workerRole());
    }
    if (submitter) {
      roles.add(settings.submitterRole());
    }
    List<String> seeds = new ArrayList<>();
    for (String seed : seedNodes) {
      seeds.add("pekko://" + settings.name() + "@" + checkHostPort(seed));
    }
    Config member = ConfigFactory.empty()
        .withValue("pekko.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
        .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(settings.host()))
        .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(settings.port()))
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(roles))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withValue(SecretJoinChecker.KEY, ConfigValueFactory.fromAnyRef(secret.joinProof()))
        .withFallback(base);
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(Behaviors.empty(), settings.name(), member);
    } catch (RuntimeException e) {
      throw new UserException("cannot start a cluster member on " + settings.host() + ":" + settings.port() + ": "
          + rootMessage(e));
    }
    Cluster cluster = Cluster.get(system);
    MemberAttestation.start(system, secret, settings.attestTimeout());
    String self = cluster.selfMember().address().toString();
    MemberWork work = worker ? new MemberWork(self, runner, settings.runsPerMember(),
        settings.scenarioCache(), secret) : null;
    ClusterSharding.get(system).init(Entity.of(WorkEntity.TYPE_KEY,
            ctx -> WorkEntity.create(work, settings.resultRetention(), secret))
        .withRole(settings.workerRole()));
    if (seeds.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    system.getWhenTerminated().whenComplete((done, error) -> {
      if (work != null) {
        work.close();
      }
    });
    return new ClusterNode(system, settings, work, secret);
  }

  /**
   * Refuses to bind a non-loopback address without TLS unless {@code tdpsim.cluster.insecure} ({@code --insecure}):
   * members exchange scenarios, results and the join proof, which must not cross a network in clear.
   */
  static void checkTransport(ClusterSettings settings, Config config) {
    if (settings.insecure() || "tls-tcp".equals(config.getString("pekko.remote.artery.transport"))) {
      return;
    }
    List<String> hosts = new ArrayList<>(List.of(settings.host()));
    String bind = config.getString("pekko.remote.artery.bind.hostname");
    if (!bind.isEmpty()) {
      hosts.add(bind);
    }
    for (String host : hosts) {
      if (!isLoopback(host)) {
        throw new UserException("cluster host " + host + " is not a loopback address and the transport is not TLS:"
            + " members would talk in clear; set up tls-tcp (docs/cluster.md, TLS) or pass --insecure"
            + " (-Dtdpsim.cluster.insecure=on for run/sweep --cluster)");
      }
    }
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new UserException("cluster host '" + host + "': unknown host");
    }
  }

  /** The resource with tdpsim's {@code pekko.cluster} settings; see {@link #config(Config)}. */
  static final String CLUSTER_RESOURCE = "tdpsim-cluster.conf";

  /**
   * The configuration a member runs with, highest first: {@code overrides} (command-line options), system
   * properties, the application config ({@code -Dconfig.file}, {@code application.conf}), {@value
   * #CLUSTER_RESOURCE}, then every {@code reference.conf}.
   *
   * <p>tdpsim's cluster settings cannot live in a {@code reference.conf}: the shaded jar concatenates all of them
   * into one file with Pekko's blocks after ours, so Pekko's defaults would win (no split brain resolver, idle
   * passivation, 1000 shards). Loading the resource explicitly puts them above every reference, and still below
   * what the user sets.
   */
  public static Config config(Config overrides) {
    Config cluster = ConfigFactory.parseResources(ClusterNode.class.getClassLoader(), CLUSTER_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
    return overrides
        .withFallback(ConfigFactory.defaultOverrides())
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(cluster)
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ClusterSettings settings() {
    return settings;
  }

  /** This member's address, {@code pekko://name@host:port}. */
  public String address() {
    return Cluster.get(system).selfMember().address().toString();
  }

  /** The port Artery bound (useful with port 0). */
  public int port() {
    return (Integer) Cluster.get(system).selfMember().address().getPort().get();
  }

  /** Prints membership changes seen by this member to {@code out}, one line each. */
  public void printMembership(java.io.PrintStream out) {
    system.systemActorOf(MembershipPrinter.create(out), "membership-printer",
        org.apache.pekko.actor.typed.Props.empty());
  }

  /** Prints a line to {@code out} for every item that starts or ends on this member. */
  public void printItems(java.io.PrintStream out) {
    if (work != null) {
      work.log(line -> {
        out.println("tdpsim node: " + line);
        out.flush();
      });
    }
  }

  /** Items that began running on this member (0 on a member without the worker role). */
  public int itemsStarted() {
    return work == null ? 0 : work.startedCount();
  }

  /** The file this member's cluster secret came from. */
  public java.nio.file.Path secretFile() {
    return secret.file();
  }

  /** Assignments this member refused for not carrying the cluster's secret. */
  public int assignmentsRefused() {
    return work == null ? 0 : work.refusedCount();
  }

  /** An executor submitting experiments from this member. */
  public ClusterExecutor executor() {
    return new ClusterExecutor(system, settings, secret);
  }

  /** Waits until this member is up; false when {@code timeout} passed first or the member stopped. */
  public boolean awaitUp(Duration timeout) throws InterruptedException {
    long deadline = WallClock.nowNanos() + timeout.toNanos();
    Cluster cluster = Cluster.get(system);
    while (WallClock.nowNanos() - deadline < 0 && !system.getWhenTerminated().toCompletableFuture().isDone()) {
      if (cluster.selfMember().status().equals(MemberStatus.up())) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return false;
  }

  /** Completes when this member's actor system has stopped (left, downed, or closed). */
  public CompletionStage<?> whenTerminated() {
    return system.getWhenTerminated();
  }

  /** Leaves the cluster gracefully (its shards hand off to the others) and stops. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Best effort: the JVM is going away anyway, or a test moves on.
    }
  }

  static String checkHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new UserException("seed node '" + hostPort + "': expected host:port, e.g. 127.0.0.1:25520");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new UserException("seed node '" + hostPort + "': port must be a number in 1..65535");
    }
    return hostPort;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
  }
}
