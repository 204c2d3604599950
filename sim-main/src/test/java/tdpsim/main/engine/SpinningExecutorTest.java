package tdpsim.main.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import tdpsim.main.UserException;

class SpinningExecutorTest {

  /** Out of heap, a watched run's actors do no more work: the executor drops their tasks from then on. */
  @Test
  void stopsRunningTasksOnceTheWatchedHeapRunsOut() throws Exception {
    SpinningExecutor ex = new SpinningExecutor(2, TimeUnit.MICROSECONDS.toNanos(50), 0,
        Executors.defaultThreadFactory());
    AtomicLong ran = new AtomicLong();
    try (HeapWatch watch = HeapWatch.start()) {
      CountDownLatch first = new CountDownLatch(1);
      ex.execute(() -> {
        ran.incrementAndGet();
        first.countDown();
      });
      assertTrue(first.await(10, TimeUnit.SECONDS));
      assertTrue(HeapWatch.outOfMemoryThrown());
      CountDownLatch after = new CountDownLatch(1);
      for (int i = 0; i < 100; i++) {
        ex.execute(ran::incrementAndGet);
      }
      ex.execute(after::countDown);
      assertTrue(!after.await(300, TimeUnit.MILLISECONDS), "no task runs after the heap ran out");
      assertEquals(1, ran.get());
    }
    try (HeapWatch next = HeapWatch.start()) {
      CountDownLatch later = new CountDownLatch(1);
      ex.execute(later::countDown);
      assertTrue(!later.await(300, TimeUnit.MILLISECONDS), "that executor stays stopped");
    }
    ex.shutdown();
  }

  @Test
  void runsEveryTaskSubmittedFromOutsideAndFromWorkers() throws Exception {
    SpinningExecutor ex = new SpinningExecutor(2, TimeUnit.MICROSECONDS.toNanos(50), 0,
        Executors.defaultThreadFactory());
    int outside = 1_000;
    int chain = 100;
    AtomicLong ran = new AtomicLong();
    CountDownLatch done = new CountDownLatch(outside);
    for (int i = 0; i < outside; i++) {
      ex.execute(new Runnable() {
        int left = chain;

        @Override
        public void run() {
          ran.incrementAndGet();
          if (--left > 0) {
            ex.execute(this); // from a worker: its own queue
          } else {
            done.countDown();
          }
        }
      });
    }
    assertTrue(done.await(60, TimeUnit.SECONDS), "every chain finished");
    assertEquals((long) outside * chain, ran.get());
    ex.shutdown();
    assertTrue(ex.awaitTermination(10, TimeUnit.SECONDS));
    assertTrue(ex.isTerminated());
  }

  /** Workers that would sleep for an hour unless unparked: every round finishes only if the task wakes one. */
  @Test
  void parkedWorkersWakeForNewWork() throws Exception {
    SpinningExecutor ex = new SpinningExecutor(2, 0, 0, TimeUnit.HOURS.toNanos(1), Executors.defaultThreadFactory());
    for (int round = 0; round < 50; round++) {
      Thread.sleep(2); // longer than the spin: both workers park between rounds
      CountDownLatch done = new CountDownLatch(1);
      ex.execute(done::countDown);
      assertTrue(done.await(10, TimeUnit.SECONDS), "round " + round);
    }
    assertEquals(0, ex.shutdownNow().size());
  }

  @Test
  void aThrowingTaskDoesNotStopItsWorker() throws Exception {
    SpinningExecutor ex = new SpinningExecutor(1, 0, 0, r -> {
      Thread t = new Thread(r);
      t.setUncaughtExceptionHandler((th, e) -> { });
      return t;
    });
    ex.execute(() -> {
      throw new IllegalStateException("boom");
    });
    CountDownLatch after = new CountDownLatch(1);
    ex.execute(after::countDown);
    assertTrue(after.await(10, TimeUnit.SECONDS));
    ex.shutdown();
  }

  private record Hit(ActorRef<Set<String>> replyTo) {}

  /** An actor that remembers the threads it ran on. */
  private static Behavior<Object> recorder(Set<String> threads) {
    return Behaviors.receive(Object.class)
        .onMessage(String.class, s -> {
          threads.add(Thread.currentThread().getName());
          return Behaviors.same();
        })
        .build();
  }

  /**
   * With stealing off (steal-after far away), each actor runs on one home worker only, and the first actors seen
   * are spread evenly over the workers: the property that keeps a vCPU's TLB in one core's cache.
   */
  @Test
  void actorsKeepTheirHomeWorkerAndAreSpreadEvenly() throws Exception {
    Map<String, Set<String>> seen = threadsOfActors(List.of("a0", "a1", "a2", "a3"), 2_000);
    Set<String> homes = new HashSet<>();
    for (Set<String> threads : seen.values()) {
      assertEquals(1, threads.size(), "an actor ran on one worker only: " + threads);
      homes.addAll(threads);
    }
    assertEquals(2, homes.size(), "the actors are spread over both workers: " + seen);
  }

  /**
   * Actors of one kind (vcpu0, vcpu1, ...) are split evenly over the workers even when other actors are spawned
   * between them: a plain round-robin over every actor seen put all four vCPUs here on one worker, because each
   * vCPU was followed by an MMU.
   */
  @Test
  void actorsOfOneKindAreSplitEvenlyWhateverIsSpawnedBetweenThem() throws Exception {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      names.add("vcpu" + i);
      names.add("mmu" + i);
    }
    Map<String, Set<String>> seen = threadsOfActors(names, 200);
    for (String kind : new String[] {"vcpu", "mmu"}) {
      Map<String, Integer> perWorker = new java.util.HashMap<>();
      for (int i = 0; i < 4; i++) {
        Set<String> threads = seen.get(kind + i);
        assertEquals(1, threads.size(), kind + i + " ran on one worker only: " + threads);
        perWorker.merge(threads.iterator().next(), 1, Integer::sum);
      }
      assertEquals(List.of(2, 2), List.copyOf(perWorker.values()), kind + " actors two per worker: " + perWorker);
    }
  }

  /**
   * Spawns one recording actor per name, in order, on two spinning workers with stealing off, sends each
   * {@code rounds} messages, and returns the worker threads each one ran on.
   */
  private static Map<String, Set<String>> threadsOfActors(List<String> names, int rounds) throws Exception {
    ExecutorSettings settings = new ExecutorSettings(ExecutorSettings.Kind.SPINNING, 2, 0,
        TimeUnit.SECONDS.toNanos(60));
    Config config = settings.dispatcherConfig().withFallback(ConfigFactory.parseString(
        "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")).withFallback(ConfigFactory.load());
    Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    ActorSystem<Object> system = ActorSystem.create(Behaviors.setup(ctx -> {
      List<ActorRef<Object>> refs = new java.util.ArrayList<>();
      for (String name : names) {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        seen.put(name, threads);
        refs.add(ctx.spawn(recorder(threads), name));
      }
      return Behaviors.receive(Object.class)
          .onMessage(Hit.class, h -> {
            for (int round = 0; round < rounds; round++) {
              refs.forEach(r -> r.tell("x"));
            }
            h.replyTo().tell(Set.of());
            return Behaviors.same();
          })
          .build();
    }), "affinity", config);
    try {
      AskPattern.<Object, Set<String>>ask(system, Hit::new, Duration.ofSeconds(30), system.scheduler())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      // let the last messages drain
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && seen.values().stream().anyMatch(Set::isEmpty)) {
        Thread.sleep(10);
      }
      Thread.sleep(200);
      return seen;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anActorsKindIsItsNameWithoutTheTrailingIndex() {
    assertEquals("vcpu", SpinningExecutor.kind("vcpu12"));
    assertEquals("host", SpinningExecutor.kind("host"));
    assertEquals("a1b", SpinningExecutor.kind("a1b2"));
    assertEquals("", SpinningExecutor.kind("42"));
  }

  @Test
  void settingsAreCheckedWithTheKeyAndTheFile() {
    Config bad = ConfigFactory.parseString("tdpsim.engine.executor.kind = spin").withFallback(
        ConfigFactory.defaultReference());
    UserException e = assertThrows(UserException.class, () -> ExecutorSettings.from(bad, "my.conf"));
    assertEquals("my.conf: tdpsim.engine.executor.kind = spin: expected auto, spinning or fork-join", e.getMessage());
    Config negative = ConfigFactory.parseString("tdpsim.engine.executor.threads = -1").withFallback(
        ConfigFactory.defaultReference());
    assertThrows(UserException.class, () -> ExecutorSettings.from(negative, "my.conf"));
    Config spin = ConfigFactory.parseString("tdpsim.engine.executor.spin = fast").withFallback(
        ConfigFactory.defaultReference());
    UserException s = assertThrows(UserException.class, () -> ExecutorSettings.from(spin, "my.conf"));
    assertEquals("my.conf: tdpsim.engine.executor.spin: expected a duration such as 50us", s.getMessage());
    ExecutorSettings d = ExecutorSettings.defaults();
    assertEquals(ExecutorSettings.Kind.AUTO, d.kind());
    assertEquals(Runtime.getRuntime().availableProcessors(), d.effectiveThreads());
    assertEquals(3, d.withThreads(3).effectiveThreads());
    String executor = "pekko.actor.default-dispatcher.executor";
    assertEquals(SpinningExecutorConfigurator.class.getName(),
        d.withThreads(2).dispatcherConfig().getString(executor));
    assertEquals("fork-join-executor", d.withThreads(1).dispatcherConfig().getString(executor),
        "one worker: nothing to hand over, fork-join");
  }
}
