package tdpsim.main.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Issue 19, time to first result: one-time start-up work a local run is sure to need, done on two background
 * threads while the main thread starts logging, reads the command line and loads the scenario. About a second and
 * a half of a default run was its first actor system (mostly loading Pekko's classes and parsing the reference
 * configuration), which nothing overlapped; one thread now reads the configuration and starts and ends a
 * throwaway actor system before the run's own, the other keeps start-up and report code from the optimising
 * compiler ({@link #limitCompilation}) and warms the chart toolkit and the report writers.
 *
 * <p>Nothing of it reaches a run: the throwaway system has its own threads and has ended before the first design's
 * system is created ({@link #awaitActorSystem}); what stays behind is loaded classes, the typesafe-config caches
 * every run reads anyway ({@code ConfigFactory.defaultReference()} and {@code load()}, read before the chart
 * toolkit sets {@code java.awt.headless}, as in a run without the warm-up), and compiled code. A failed or slow
 * warm-up changes nothing either: the run then does the same work itself, as it did before.
 */
public final class StartupWarmUp {
  /** How long a run waits for the throwaway system at most; it takes about a second on a loaded machine. */
  private static final long WAIT_SECONDS = 30;

  /**
   * The throwaway system says nothing, whatever the log level: Pekko's own logger with every level off (not the
   * Slf4jLogger Pekko Typed picks by default, which announces itself at INFO under --log-level info).
   */
  private static final String CONFIG = String.join("\n",
      "pekko.loglevel = OFF",
      "pekko.stdout-loglevel = OFF",
      "pekko.use-slf4j = off",
      "pekko.loggers = []",
      "pekko.log-dead-letters = off",
      "pekko.log-dead-letters-during-shutdown = off",
      "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
      "pekko.jvm-shutdown-hooks = off",
      "pekko.jvm-exit-on-fatal-error = off",
      "pekko.daemonic = on",
      "pekko.actor.default-dispatcher {",
      "  executor = \"fork-join-executor\"",
      "  fork-join-executor { parallelism-min = 1, parallelism-max = 1 }",
      "}");

  /** Counted down once the configuration caches are read (or could not be). */
  private static final CountDownLatch CONFIG_READ = new CountDownLatch(1);

  /** The throwaway actor system, started and ended; null when no warm-up was started (tests, other commands). */
  private static volatile FutureTask<Void> actorSystem;

  private StartupWarmUp() {}

  /**
   * Starts the warm-up on two daemon threads: one reads the configuration caches, then starts and ends a throwaway
   * actor system; the other runs {@code others} in order (the chart toolkit, the report writers), each on its own:
   * a failure there is left for the run to meet, as it would have without a warm-up. Once per JVM, from
   * {@code main} only, after the system properties the configuration should see are set.
   */
  public static synchronized void startInBackground(Runnable... others) {
    if (actorSystem != null) {
      return;
    }
    FutureTask<Void> system = new FutureTask<>(StartupWarmUp::throwawaySystem, null);
    actorSystem = system;
    daemon("tdpsim-warm-up", system);
    daemon("tdpsim-warm-up-reports", () -> {
      limitCompilation();
      awaitConfig();
      for (Runnable r : others) {
        try {
          r.run();
        } catch (RuntimeException | Error e) {
          // Not the warm-up's to report.
        }
      }
    });
  }

  /**
   * Code that runs only while a run starts and reports (the configuration parser, the lambda class spinner, chart
   * drawing, image encoding, number formatting for SVG, Jackson, picocli, class loading) is left to the quick
   * compiler: on two cores the optimising compiler spent about 3.5 s of a default run's 9.5 s of CPU, much of it on
   * such code (DecimalFormat.subformatNumber alone compiled six times), and its code was ready only when the
   * charts were nearly drawn. The simulation's code (tdpsim, Pekko, Scala, java.lang, the collections) is not listed
   * and is optimised as before. Installed through the HotSpot diagnostic command Compiler.directives_add; on a VM
   * without it nothing changes.
   */
  static void limitCompilation() {
    try {
      Path file = Files.createTempFile("tdpsim-compiler-", ".json");
      try {
        Files.writeString(file, DIRECTIVES);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
            "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
            new String[] {String[].class.getName()});
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (Exception | LinkageError e) {
      // Only a speed-up.
    }
  }

  /** Compiler directives (HotSpot's JSON form): no C2 for the start-up and report code listed. */
  static final String DIRECTIVES = "[{ match: [" + String.join(", ",
      "\"java/text/*.*\"", "\"java/awt/*.*\"", "\"sun/awt/*.*\"", "\"sun/java2d/*.*\"", "\"sun/font/*.*\"",
      "\"javax/imageio/*.*\"", "\"com/sun/imageio/*.*\"", "\"de/erichseifert/*.*\"", "\"org/knowm/*.*\"",
      "\"jdk/internal/org/objectweb/asm/*.*\"", "\"jdk/internal/loader/*.*\"", "\"jdk/internal/math/*.*\"",
      "\"java/util/zip/*.*\"", "\"java/util/regex/*.*\"", "\"com/typesafe/config/*.*\"", "\"picocli/*.*\"",
      "\"com/fasterxml/*.*\"", "\"com/sun/org/apache/*.*\"") + "], c2: { Exclude: true } }]";

  /** The configuration snapshots the system properties once: the chart toolkit's property must come after. */
  private static void awaitConfig() {
    try {
      CONFIG_READ.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Waits (bounded) until the throwaway actor system has ended, so that a run's own system never shares the cores
   * or the start-up with it; returns at once when no warm-up was started. Its failure is not the run's.
   */
  public static void awaitActorSystem() {
    FutureTask<Void> system = actorSystem;
    if (system == null) {
      return;
    }
    try {
      system.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The run creates its own system as it always did.
    }
  }

  /** Creates a system, asks its guardian once and terminates it: the code path of a run, minus the machine. */
  private static void throwawaySystem() {
    Config base;
    try {
      base = ConfigFactory.load();
    } finally {
      CONFIG_READ.countDown();
    }
    Config config = ConfigFactory.parseString(CONFIG).withFallback(base);
    ActorSystem<Ping> system = ActorSystem.create(Behaviors.receiveMessage(p -> {
      p.replyTo().tell(Boolean.TRUE);
      return Behaviors.same();
    }), "tdpsim-warm-up", config);
    try {
      AskPattern.<Ping, Boolean>ask(system, Ping::new, Duration.ofSeconds(WAIT_SECONDS), system.scheduler())
          .toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Only a warm-up.
    } finally {
      ActorSystems.terminate(system, (int) WAIT_SECONDS);
    }
  }

  private record Ping(ActorRef<Boolean> replyTo) {}
}
