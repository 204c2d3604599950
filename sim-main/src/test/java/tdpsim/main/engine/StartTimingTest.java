package tdpsim.main.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.actors.machine.MachineGuardian;
import tdpsim.actors.machine.MachineSpec;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.work.LoadedScenario;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Mode;

/**
 * A deterministic run must not depend on when its Start message arrives. The caller's Start comes from another
 * thread at a wall-clock moment. Before the fix the guardian spawned the machine's actors in its setup, and a
 * Start that landed while a VM supervisor was still spawning its vCPUs put the guardian's turn, and so the first
 * window's fan-out, between the vCPUs' creations: their first turns ran in another order, the host's zeroing
 * queue served their faults in another order, and counts changed (demand-paging shared-iopf vcpuFaults 2,364 vs
 * 2,401 in one JVM). Separate processes agreed because a fresh JVM is slow to build the machine, so Start always
 * arrived first.
 */
class StartTimingTest {
  private static final Config DETERMINISTIC = ConfigFactory.parseString(String.join("\n",
      "pekko.actor.default-dispatcher {",
      "  executor = \"thread-pool-executor\"",
      "  thread-pool-executor { fixed-pool-size = 1 }",
      "  throughput = 64",
      "}",
      "pekko.loglevel = WARNING",
      "pekko.jvm-shutdown-hooks = off",
      "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off"));

  @TempDir
  Path tmp;

  /** Every counter and every histogram of every entity, in a fixed order. */
  private static String fingerprint(Machine.Finished f) {
    StringBuilder sb = new StringBuilder().append(f.complete()).append(f.virtualNs()).append(' ').append(f.windows());
    for (EntityStats e : f.entities()) {
      sb.append('\n').append(e.entity()).append(new TreeMap<>(e.counters()));
      new TreeMap<>(e.latencyHistograms()).forEach((k, v) -> sb.append(' ').append(k).append('#')
          .append(Integer.toHexString(Arrays.hashCode(v))));
      sb.append(e.invariantViolations());
    }
    return sb.toString();
  }

  /** Equal fingerprints, or a failure that names the first entity whose figures differ. */
  private static void assertSame(String expected, String actual, String what) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
      assertThat(a.get(i)).as(what).isEqualTo(e.get(i));
    }
    assertThat(a).as(what).hasSameSizeAs(e);
  }

  /**
   * As a user's run does it: the machine is the actor system's guardian and Start comes from this thread, here
   * {@code delayMicros} after the system was created, so that it lands at different moments of the start-up.
   */
  private static String runFromOutside(MachineSpec spec, long delayMicros) throws Exception {
    ActorSystem<Machine.Command> system = ActorSystem.create(MachineGuardian.create(spec), "start-timing",
        DETERMINISTIC);
    try {
      long until = System.nanoTime() + delayMicros * 1000;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      CompletableFuture<Machine.Finished> reply = org.apache.pekko.actor.typed.javadsl.AskPattern
          .<Machine.Command, Machine.Finished>ask(system, Machine.Start::new, java.time.Duration.ofSeconds(60),
              system.scheduler()).toCompletableFuture();
      return fingerprint(reply.get(60, TimeUnit.SECONDS));
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theResultDoesNotDependOnWhenAStartFromAnotherThreadArrives() throws Exception {
    Path f = writeScenario(64);
    // Many vCPUs make the VM supervisor's spawning long, the moment a Start used to be able to land in.
    List<String> prints = new ArrayList<>();
    long[] delays = {0, 0, 100, 300, 600, 1000, 2000, 4000, 8000, 16000};
    for (long d : delays) {
      LoadedScenario loaded = LoadedScenario.load(f, Map.of(), true);
      prints.add(runFromOutside(ScenarioMapper.toMachine(loaded.scenario(), Mode.SHARED_IOPF, loaded.settings()), d));
    }
    for (int i = 1; i < prints.size(); i++) {
      assertSame(prints.get(0), prints.get(i), "Start after " + delays[i] + " us");
    }
  }

  private Path writeScenario(int vcpus) throws IOException {
    Path f = tmp.resolve("start-timing-" + vcpus + ".conf");
    // demand-paging, shrunk: the vCPUs fault on demand and share the host's zeroing bandwidth, so the order of
    // their turns shows in the zeroing waits and in how many faults fit in the run.
    Files.writeString(f, """
        tdpsim.scenario {
          name = start-timing, seed = 6
          run.duration = 300us
          vms = [{ name = vm, vcpus = %d, memslots = [{ gpa = 0, size = 256MiB }],
            access { pattern = sequential, passes = 1, per-vcpu-partition = true, write-ratio = 0,
                     think-time = 20ns } }]
        }
        """.formatted(vcpus));
    return f;
  }
}
