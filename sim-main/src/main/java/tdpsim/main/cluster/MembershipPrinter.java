package tdpsim.main.cluster;

import java.io.PrintStream;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/** Prints one line per member that comes up, becomes unreachable or is removed: what a node's operator watches. */
final class MembershipPrinter {
  private MembershipPrinter() {}

  static Behavior<ClusterEvent.ClusterDomainEvent> create(PrintStream out) {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
      return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
          .onMessage(ClusterEvent.MemberUp.class, e -> print(out, "member up: " + describe(e.member())))
          .onMessage(ClusterEvent.MemberRemoved.class, e -> print(out, "member removed: " + describe(e.member())))
          .onMessage(ClusterEvent.UnreachableMember.class,
              e -> print(out, "member unreachable: " + describe(e.member())))
          .onMessage(ClusterEvent.ReachableMember.class,
              e -> print(out, "member reachable again: " + describe(e.member())))
          .onAnyMessage(e -> Behaviors.same())
          .build();
    });
  }

  private static String describe(org.apache.pekko.cluster.Member member) {
    return member.address() + " " + member.getRoles();
  }

  private static Behavior<ClusterEvent.ClusterDomainEvent> print(PrintStream out, String line) {
    out.println("tdpsim node: " + line);
    out.flush();
    return Behaviors.same();
  }
}
