package tdpsim.main.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tdpsim.main.engine.WallClock;

/**
 * The time to first result as a user sees it: {@code java -jar tdpsim.jar run} on the built-in default (every
 * design, the report, CSV, JSON and charts), timed as whole processes, JVM start-up included: when the results
 * table's first line reaches the terminal (standard output), and when the process has ended (the report set
 * written). Output goes to a temporary directory, deleted afterwards.
 */
final class DefaultRunTimer {
  private DefaultRunTimer() {}

  /**
   * The two times of each process, s from its start.
   *
   * @param firstResult when the results table's first line was read from the process's standard output
   * @param whole when the process had ended
   */
  record Times(Bench.Spread firstResult, Bench.Spread whole) {}

  /** Times {@code runs} processes one after another; null when this JVM was not started from the jar. */
  static Times time(int runs, Consumer<String> step) {
    Path jar = ownJar();
    if (jar == null) {
      step.accept("default run: not started from tdpsim.jar, not timed");
      return null;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Double> first = new ArrayList<>();
    List<Double> whole = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      step.accept("default run: java -jar " + jar.getFileName() + " run, process " + (i + 1) + " of " + runs);
      double[] t = timeOne(List.of(java, "-jar", jar.toString(), "run"));
      first.add(t[0]);
      whole.add(t[1]);
    }
    return new Times(Bench.Spread.of(first), Bench.Spread.of(whole));
  }

  /**
   * Runs {@code command} with {@code --out} a temporary directory and {@code --force}; returns the seconds from
   * its start to its first line of standard output (the whole run's when it printed none) and to its end.
   */
  static double[] timeOne(List<String> command) {
    Path out = null;
    try {
      out = Files.createTempDirectory("tdpsim-default-run");
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--out", out.toString(), "--force"));
      ProcessBuilder pb = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD);
      long start = WallClock.nowNanos();
      Process p = pb.start();
      AtomicLong firstLine = new AtomicLong(-1);
      Thread reader = new Thread(() -> drain(p.getInputStream(), firstLine), "tdpsim-default-run-stdout");
      reader.setDaemon(true);
      reader.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the default run took more than 5 minutes");
      }
      long end = WallClock.nowNanos();
      reader.join(TimeUnit.SECONDS.toMillis(10));
      if (p.exitValue() != 0) {
        throw new IllegalStateException("the default run exited with " + p.exitValue());
      }
      long first = firstLine.get() < 0 ? end : firstLine.get();
      return new double[] {(first - start) / 1e9, (end - start) / 1e9};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing the default run", e);
    } finally {
      deleteQuietly(out);
    }
  }

  /** Reads {@code in} to its end, noting when its first line arrived. */
  private static void drain(InputStream in, AtomicLong firstLine) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      if (r.readLine() != null) {
        firstLine.set(WallClock.nowNanos());
      }
      while (r.readLine() != null) {
        // the rest of the table; read so that the process never blocks on a full pipe
      }
    } catch (IOException e) {
      // the process ended; its exit code says whether it succeeded
    }
  }

  private static Path ownJar() {
    try {
      Path p = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
    } catch (URISyntaxException | SecurityException e) {
      return null;
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
