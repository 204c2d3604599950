package tdpsim.actors.iommu;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tdpsim.protocol.AssignedDevice;

class PageRequestQueueTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  @Test
  void drainHorizonCoversOnlyRequestsReceivedBeforeIt() {
    TestProbe<AssignedDevice.Command> dev = KIT.createTestProbe();
    PageRequestQueue q = new PageRequestQueue(4);
    long a = q.add(0, 1, 10, 1, 0, dev.getRef());
    long horizon = q.lastId();
    long b = q.add(0, 1, 11, 1, 0, dev.getRef());
    assertThat(q.hasPendingUpTo(1, horizon)).isTrue();
    assertThat(q.hasPendingUpTo(2, horizon)).isFalse();
    q.complete(a);
    assertThat(q.hasPendingUpTo(1, horizon)).isFalse();
    assertThat(q.hasPendingUpTo(1, q.lastId())).isTrue();
    q.complete(b);
    assertThat(q.size()).isZero();
  }

  @Test
  void queueIsBoundedByItsDepth() {
    TestProbe<AssignedDevice.Command> dev = KIT.createTestProbe();
    PageRequestQueue q = new PageRequestQueue(2);
    q.add(0, 0, 1, 1, 0, dev.getRef());
    q.add(0, 0, 2, 1, 0, dev.getRef());
    assertThat(q.isFull()).isTrue();
  }
}
