package tdpsim.protocol.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.SimMessage;
import tdpsim.protocol.Vcpu;

/**
 * Two cluster nodes over Artery on loopback: every protocol message crosses real remoting (so the binding, the
 * ids and the actor-ref resolution are exercised end to end), and a ref that crossed is used to reply.
 */
class TwoNodeRemotingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Config NODE = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = "127.0.0.1"
      pekko.remote.artery.canonical.port = 0
      pekko.cluster.jmx.enabled = off
      pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = off
      pekko.coordinated-shutdown.exit-jvm = off
      pekko.loglevel = WARNING
      """);

  private static ActorTestKit nodeA;
  private static ActorTestKit nodeB;

  @BeforeAll
  static void startAndJoin() {
    // A cluster needs one system name on every node.
    nodeA = ActorTestKit.create("tdpsim", NODE);
    nodeB = ActorTestKit.create("tdpsim", NODE);
    Cluster clusterA = Cluster.get(nodeA.system());
    Cluster clusterB = Cluster.get(nodeB.system());
    clusterA.manager().tell(Join.create(clusterA.selfMember().address()));
    clusterB.manager().tell(Join.create(clusterA.selfMember().address()));
    TestProbe<Object> waiter = nodeA.createTestProbe();
    waiter.awaitAssert(TIMEOUT, () -> {
      for (Cluster cluster : List.of(clusterA, clusterB)) {
        assertThat(cluster.state().getMembers())
            .hasSize(2)
            .allMatch(member -> member.status() == MemberStatus.up());
      }
      return null;
    });
  }

  @AfterAll
  static void stop() {
    if (nodeA != null && nodeB != null) {
      // B leaves first, so A removes it instead of seeing its connection drop.
      Cluster clusterA = Cluster.get(nodeA.system());
      Cluster clusterB = Cluster.get(nodeB.system());
      clusterB.manager().tell(Leave.create(clusterB.selfMember().address()));
      nodeA.createTestProbe().awaitAssert(TIMEOUT, () -> {
        assertThat(clusterA.state().getMembers()).hasSize(1);
        return null;
      });
    }
    if (nodeB != null) {
      nodeB.shutdownTestKit();
    }
    if (nodeA != null) {
      nodeA.shutdownTestKit();
    }
  }

  @Test
  void everyProtocolMessageArrivesEqualOnTheOtherNode() {
    TestProbe<SimMessage> receiverOnB = nodeB.createTestProbe();
    ActorRef<SimMessage> receiverFromA = remoteRef(receiverOnB.ref(), nodeB.system(), nodeA.system());
    assertThat(receiverFromA.path().address().hasGlobalScope()).isTrue();

    TestProbe<EntityStats> replyProbeOnA = nodeA.createTestProbe();
    Samples samples = new Samples(replyProbeOnA.ref());
    List<SimMessage> sent = new ArrayList<>();
    for (Class<?> type : ProtocolRegistry.messageIds().keySet()) {
      if (SimMessage.class.isAssignableFrom(type)) {
        for (Object sample : samples.of(type)) {
          sent.add((SimMessage) sample);
        }
      }
    }
    sent.forEach(receiverFromA::tell);

    ActorRefResolver resolverA = ActorRefResolver.get(nodeA.system());
    ActorRefResolver resolverB = ActorRefResolver.get(nodeB.system());
    Vcpu.ReportStats reportStats = null;
    for (SimMessage expected : sent) {
      SimMessage received = receiverOnB.receiveMessage(TIMEOUT);
      assertThat(received).as("a copy, not the sent object").isNotSameAs(expected);
      assertThat(WireEquality.isEqual(expected, received, (onA, onB) ->
              resolverA.toSerializationFormat(onA).equals(resolverB.toSerializationFormat(onB))))
          .as("sent %s, received %s", expected, received)
          .isTrue();
      if (received instanceof Vcpu.ReportStats r) {
        reportStats = r;
      }
    }
    assertThat(sent).hasSizeGreaterThan(25);

    // The ref that crossed to B points back at A's probe: a reply from B arrives there.
    assertThat(reportStats).isNotNull();
    EntityStats stats = (EntityStats) new Samples(receiverOnB.ref()).record(EntityStats.class);
    reportStats.replyTo().tell(stats);
    EntityStats replied = replyProbeOnA.receiveMessage(TIMEOUT);
    assertThat(WireEquality.isEqual(stats, replied, Object::equals)).as("%s", replied).isTrue();
  }

  /** The ref of {@code local} as {@code other} sees it: a remote ref, as a message field would arrive. */
  private static ActorRef<SimMessage> remoteRef(
      ActorRef<SimMessage> local, ActorSystem<?> home, ActorSystem<?> other) {
    String path = ActorRefResolver.get(home).toSerializationFormat(local);
    return ActorRefResolver.get(other).resolveActorRef(path);
  }
}
