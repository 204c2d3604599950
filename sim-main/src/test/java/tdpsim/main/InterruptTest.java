package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: Ctrl-C (SIGINT) ends a run with exit 1, as the README says, and the report written then holds the
 * design that was running, up to where it got, marked stoppedEarly. A real process and a real signal.
 */
@EnabledOnOs(OS.LINUX)
class InterruptTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void sigintExitsOneWithTheRunningDesignInThePartialReport() throws Exception {
    Path scenario = Files.writeString(tmp.resolve("long.conf"), """
        tdpsim.scenario {
          name = long, run.duration = 3600s, modes = [shared-iopf, separate]
          vms = [{ name = vm, vcpus = 2, memslots = [{ gpa = 0, size = 256MiB }], access.think-time = 100ns }]
          # A NIC receiving at 10 Gbit/s for the whole run keeps every window busy.
          devices = [{ name = nic, vm = vm, ats = true, pri = true, dma { rate = 10Gbit/s } }]
        }
        """);
    Path out = tmp.resolve("out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(sigintable(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", scenario.toString(), "--out", out.toString()))
        .redirectOutput(tmp.resolve("stdout").toFile()).start();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      // Progress lines go to stderr when it is not a terminal: virtual time past 0 and short of the first
      // design's 3600 s means the first design's windows are running.
      Pattern moved = Pattern.compile("simulated ns.*\\(([0-9]+)/");
      String line;
      while ((line = err.readLine()) != null) {
        java.util.regex.Matcher m = moved.matcher(line);
        if (m.find() && Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(1)) < 3_600_000_000_000L) {
          break;
        }
      }
      assertThat(line).as("progress before the signal").isNotNull();
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      // The rest of stderr is read beside the wait, so a process that ignores the signal fails the test after
      // 60 s instead of blocking this read for the hour it would run.
      CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> drain(err));
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGINT").isTrue();
      String after = rest.get(30, TimeUnit.SECONDS);
      assertThat(p.exitValue()).as(after).isEqualTo(1);
      assertThat(after).contains("tdpsim: run incomplete: shared-iopf: interrupted").doesNotContain("Exception");
    } finally {
      p.destroyForcibly();
    }
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.get("complete").asBoolean()).isFalse();
    assertThat(report.get("incompleteReason").asText()).isEqualTo("shared-iopf: interrupted");
    JsonNode running = report.get("modes").get("shared-iopf");
    assertThat(running).as("the design that was running is in the report").isNotNull();
    assertThat(running.get("stoppedEarly").asText()).isEqualTo("interrupted");
    assertThat(running.get("virtualNs").asLong()).isPositive().isLessThan(3_600_000_000_000L);
    assertThat(report.get("modes").has("separate")).isFalse();
    assertThat(out.resolve("report.html")).isNotEmptyFile();
    try (var siblings = Files.list(tmp)) {
      assertThat(siblings.map(f -> f.getFileName().toString()).toList())
          .noneMatch(n -> n.contains(".tmp")).containsAll(List.of("out"));
    }
  }

  /**
   * Ctrl-C before any design starts (here while a 3M-record trace is read and checked at load): exit 1 with one
   * line, not the JVM's silent 130. The signal goes when the process has the trace file open, so it is in the load.
   */
  @Test
  void sigintWhileLoadingExitsOneWithOneLine() throws Exception {
    Path trace = tmp.resolve("big.lackey");
    try (var w = Files.newBufferedWriter(trace, StandardCharsets.US_ASCII)) {
      for (int i = 0; i < 3_000_000; i++) {
        w.write(String.format(" L %08x,8%n", 0x1000 + (i * 64L) % (1L << 26)));
      }
    }
    Path scenario = Files.writeString(tmp.resolve("trace.conf"), "tdpsim.scenario { name = t, vms = [{ name = a, "
        + "vcpus = 1, memslots = [{ gpa = 0, size = 64MiB }], access { pattern = trace, trace-file = \""
        + trace + "\" } }] }\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(sigintable(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", scenario.toString(), "--out", tmp.resolve("out").toString()))
        .redirectOutput(tmp.resolve("stdout").toFile()).redirectError(tmp.resolve("stderr").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      boolean open = false;
      while (!open && p.isAlive() && System.nanoTime() < deadline) {
        open = opens(p.pid(), trace);
        Thread.sleep(2);
      }
      assertThat(open).as("the process opened the trace while loading").isTrue();
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended after SIGINT").isTrue();
      String err = Files.readString(tmp.resolve("stderr"), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(err).isEqualTo(1);
      assertThat(err.strip()).isEqualTo("tdpsim: interrupted before a report could be written (exit 1)");
      assertThat(tmp.resolve("out")).doesNotExist();
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * The command, started so that SIGINT reaches it. A signal ignored by a process stays ignored in the processes
   * it starts, and a test runner started by a background job of a non-interactive shell (or by nohup) ignores
   * SIGINT; the JVM then installs no handler and the child would run on. GNU env's {@code --default-signal}
   * (coreutils 8.31 and later) restores the default before it starts the child. Without it, the test is skipped
   * when this process ignores SIGINT, and runs as it is otherwise.
   */
  private static List<String> sigintable(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
    probe.getInputStream().readAllBytes();
    if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
      cmd.addAll(0, List.of("env", "--default-signal=INT"));
    } else {
      Assumptions.assumeFalse(ignoresSigint(), "SIGINT is ignored here and env --default-signal is missing");
    }
    return cmd;
  }

  /** Whether this process ignores SIGINT (signal 2: bit 1 of SigIgn in /proc/self/status). */
  private static boolean ignoresSigint() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }

  private static String drain(BufferedReader err) {
    StringBuilder sb = new StringBuilder();
    try {
      String line;
      while ((line = err.readLine()) != null) {
        sb.append(line).append('\n');
      }
    } catch (java.io.IOException e) {
      sb.append("(stderr: ").append(e.getMessage()).append(')');
    }
    return sb.toString();
  }

  private static boolean opens(long pid, Path file) {
    try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return fds.anyMatch(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(file);
        } catch (java.io.IOException | UnsupportedOperationException e) {
          return false;
        }
      });
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
