package tdpsim.main.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;
import tdpsim.protocol.Mode;

/**
 * Several members in this JVM on loopback: a cluster forms, work spreads over it, a deterministic experiment gives
 * the same results on one member and on three, a killed member's work runs again on the survivors, a late member
 * takes work, and losing the submitter ends the experiment incomplete.
 */
class ClusterExperimentTest {

  /** Every design of the built-in scenario with each seed: deterministic, so each item has one right result. */
  static List<WorkItem> items(long... seeds) {
    List<WorkItem> items = new ArrayList<>();
    for (long seed : seeds) {
      for (Mode mode : Mode.values()) {
        if (mode == Mode.RFC_TDP_FD) {
          continue; // the built-in scenario's five designs: 5 per seed
        }
        items.add(new WorkItem(items.size(), LoadedScenario.BUILTIN, Map.of(), mode, seed, true));
      }
    }
    return items;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void threeWorkersFormAClusterAndShareTheItems() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      ClusterNode a = cluster.worker();
      ClusterNode b = cluster.worker();
      ClusterNode c = cluster.worker();
      ClusterNode submitter = cluster.submitter();
      cluster.awaitAllUp();
      assertThat(Cluster.get(submitter.system()).state().getMembers()).hasSize(4);

      ExperimentOutcome outcome = submitter.executor().runAll(items(1, 2), ExperimentListener.NONE);

      assertThat(outcome.complete()).as(outcome.incompleteReason()).isTrue();
      assertThat(outcome.results()).hasSize(10);
      assertThat(outcome.reruns()).isEmpty();
      assertThat(new HashSet<>(outcome.ranOn().values()))
          .as("items ran on more than one member").hasSizeGreaterThan(1)
          .doesNotContain(submitter.address());
      assertThat(a.itemsStarted() + b.itemsStarted() + c.itemsStarted()).isEqualTo(10);
      assertThat(submitter.itemsStarted()).isZero();
      assertThat(outcome.wire().results()).isEqualTo(10);
      assertThat(outcome.wire().bytesPerResult()).isBetween(200.0, 8192.0);
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aDeterministicExperimentGivesTheSameResultsOnOneMemberAndOnThree() throws Exception {
    List<WorkItem> items = items(7, 8);
    List<String> one;
    try (TestCluster cluster = new TestCluster()) {
      cluster.worker();
      ClusterNode submitter = cluster.submitter();
      cluster.awaitAllUp();
      one = reports(submitter.executor().runAll(items, ExperimentListener.NONE));
    }
    List<String> three;
    try (TestCluster cluster = new TestCluster()) {
      cluster.worker();
      cluster.worker();
      cluster.worker();
      ClusterNode submitter = cluster.submitter();
      cluster.awaitAllUp();
      ExperimentOutcome outcome = submitter.executor().runAll(items, ExperimentListener.NONE);
      assertThat(new HashSet<>(outcome.ranOn().values())).hasSizeGreaterThan(1);
      three = reports(outcome);
    }
    assertThat(three).isEqualTo(one);
    // And both equal a local run of the same item.
    assertThat(one.get(2)).isEqualTo(ModeReportCodec.encode(WorkRunner.run(items.get(2)).report()));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aKilledMembersUnfinishedWorkRunsAgainOnTheSurvivors() throws Exception {
    // Every run waits until the victim is down, so the victim's item cannot finish before it is killed however
    // slow two busy cores make the kill (a fixed delay before each run once decided that by timing).
    CountDownLatch victimDown = new CountDownLatch(1);
    try (TestCluster cluster = new TestCluster(TestCluster.gated(victimDown))) {
      cluster.worker();
      cluster.worker();
      ClusterNode victim = cluster.killableWorker();
      ClusterNode submitter = cluster.submitter();
      cluster.awaitAllUp();
      CountDownLatch victimStarted = new CountDownLatch(1);
      ExperimentListener listener = new ExperimentListener() {
        @Override
        public void started(int index, String member) {
          if (member.equals(victim.address())) {
            victimStarted.countDown();
          }
        }
      };
      List<WorkItem> items = items(3);
      ClusterExecutor.Submission submission = submitter.executor().submit(items, listener);
      assertThat(victimStarted.await(20, TimeUnit.SECONDS)).as("an item started on the victim").isTrue();

      String victimAddress = victim.address();
      victim.system().terminate();  // no leave: the others see it vanish
      Cluster.get(submitter.system()).manager().tell(new Down(
          org.apache.pekko.actor.AddressFromURIString.parse(victimAddress)));
      victimDown.countDown();

      ExperimentOutcome outcome = submission.outcome().get(45, TimeUnit.SECONDS);
      assertThat(outcome.complete()).as(outcome.incompleteReason()).isTrue();
      assertThat(outcome.results()).hasSize(items.size());
      assertThat(outcome.reruns()).isNotEmpty().allMatch(r -> r.lostOn().equals(victimAddress));
      for (ExperimentOutcome.Rerun rerun : outcome.reruns()) {
        assertThat(outcome.ranOn().get(rerun.index())).isNotEqualTo(victimAddress);
      }
      // Re-run work is idempotent by seed: the same result as a local run.
      int rerun = outcome.reruns().get(0).index();
      assertThat(ModeReportCodec.encode(outcome.results().get(rerun).report()))
          .isEqualTo(ModeReportCodec.encode(WorkRunner.run(items.get(rerun)).report()));
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aMemberThatJoinsLateTakesWork() throws Exception {
    // No run may end before the late member started an item: the gate holds the first worker's runs (and the
    // late one's, which start only after it reported) until then, so the first worker cannot finish the
    // items while the late one is still joining, however slow two busy cores make the join. Five items are
    // enough for that; what remains slow on a loaded machine is running them, hence the longer hang guard.
    CountDownLatch lateStarted = new CountDownLatch(1);
    try (TestCluster cluster = new TestCluster(TestCluster.gated(lateStarted))) {
      ClusterNode first = cluster.worker();
      ClusterNode submitter = cluster.submitter();
      cluster.awaitAllUp();
      CountDownLatch firstStarted = new CountDownLatch(1);
      ExperimentListener listener = new ExperimentListener() {
        @Override
        public void started(int index, String member) {
          firstStarted.countDown();
          if (!member.equals(first.address())) {
            lateStarted.countDown();
          }
        }
      };
      ClusterExecutor.Submission submission = submitter.executor().submit(items(4), listener);
      assertThat(firstStarted.await(20, TimeUnit.SECONDS)).isTrue();
      ClusterNode late = cluster.worker();
      cluster.awaitAllUp();

      assertThat(lateStarted.await(TestCluster.FORMATION.toSeconds(), TimeUnit.SECONDS))
          .as("the late member started an item while the first one was still busy").isTrue();
      ExperimentOutcome outcome = submission.outcome().get(60, TimeUnit.SECONDS);
      assertThat(outcome.complete()).as(outcome.incompleteReason()).isTrue();
      assertThat(outcome.ranOn().values()).contains(late.address());
      assertThat(late.itemsStarted()).isPositive();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void losingTheSubmitterEndsTheExperimentIncompleteWithAClearReason() throws Exception {
    // One run goes at once; the others wait until the experiment's outcome is known, so some but not all items
    // have finished when the submitter is lost, whatever the machine's speed.
    CountDownLatch outcomeKnown = new CountDownLatch(1);
    try (TestCluster cluster = new TestCluster(TestCluster.gatedAfter(1, outcomeKnown))) {
      ClusterNode a = cluster.worker();
      cluster.worker();
      ClusterNode submitter = cluster.submitter();
      cluster.awaitAllUp();
      CountDownLatch firstFinished = new CountDownLatch(1);
      ExperimentListener listener = new ExperimentListener() {
        @Override
        public void finished(int index, ModeResult result, String member) {
          firstFinished.countDown();
        }
      };
      ClusterExecutor.Submission submission = submitter.executor().submit(items(6, 7), listener);
      assertThat(firstFinished.await(20, TimeUnit.SECONDS)).isTrue();

      // The others down the submitter (as the split brain resolver would when it becomes unreachable).
      Cluster.get(a.system()).manager().tell(new Down(
          org.apache.pekko.actor.AddressFromURIString.parse(submitter.address())));

      ExperimentOutcome outcome;
      try {
        outcome = submission.outcome().get(30, TimeUnit.SECONDS);
      } finally {
        outcomeKnown.countDown();
      }
      assertThat(outcome.complete()).isFalse();
      assertThat(outcome.incompleteReason())
          .contains("submitting member")
          .contains("of 10 items finished");
      assertThat(outcome.results()).isNotEmpty().hasSizeLessThan(10);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void tinyItemsMeasureTheRateOfMessagesBetweenMembers() throws Exception {
    // Items that return a canned result at once: what is left is the cost of assigning and reporting.
    ModeResult canned = WorkRunner.run(items(1).get(2));
    com.typesafe.config.Config fast = com.typesafe.config.ConfigFactory.parseString(
        "tdpsim.cluster.runs-per-member = 4\ntdpsim.cluster.in-flight-per-worker = 16")
        .withFallback(TestCluster.BASE);
    try (TestCluster cluster = new TestCluster(item -> canned)) {
      cluster.start(fast, true, false);
      cluster.start(fast, true, false);
      ClusterNode submitter = cluster.start(fast, false, true);
      cluster.awaitAllUp();
      List<WorkItem> tiny = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        tiny.add(new WorkItem(i, LoadedScenario.BUILTIN, Map.of(), Mode.SHARED_IOPF, i, true));
      }
      ExperimentOutcome outcome = submitter.executor().runAll(tiny, ExperimentListener.NONE);
      assertThat(outcome.complete()).as(outcome.incompleteReason()).isTrue();
      ExperimentOutcome.WireStats w = outcome.wire();
      System.out.printf("cluster wire: %d items, %d messages between members in %.2f s = %.0f messages/s, "
          + "%.0f bytes per result%n", outcome.items(), w.assignmentsSent() + w.progressReceived(), w.wallNs() / 1e9,
          w.messagesPerSecond(), w.bytesPerResult());
      assertThat(w.progressReceived()).isGreaterThanOrEqualTo(800);
    }
  }

  /** Each item's report as wire JSON, in item order; wall-clock figures are not part of it. */
  private static List<String> reports(ExperimentOutcome outcome) {
    assertThat(outcome.complete()).as(outcome.incompleteReason()).isTrue();
    List<String> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    outcome.results().forEach((index, result) -> {
      seen.add(index);
      out.add(ModeReportCodec.encode(result.report()));
    });
    assertThat(seen).hasSize(outcome.items());
    return out;
  }
}
