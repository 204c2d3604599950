package tdpsim.main.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tdpsim.main.engine.WallClock;

/**
 * The time to first result as a user sees it: {@code java -jar tdpsim.jar run} on the built-in default (every
 * design, the report, CSV, JSON and charts), timed as whole processes, JVM start-up included. Output goes to a
 * temporary directory, deleted afterwards.
 */
final class DefaultRunTimer {
  private DefaultRunTimer() {}

  /** Times {@code runs} processes one after another; null when this JVM was not started from the jar. */
  static Bench.Spread time(int runs, Consumer<String> step) {
    Path jar = ownJar();
    if (jar == null) {
      step.accept("default run: not started from tdpsim.jar, not timed");
      return null;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      step.accept("default run: java -jar " + jar.getFileName() + " run, process " + (i + 1) + " of " + runs);
      seconds.add(timeOne(java, jar));
    }
    return Bench.Spread.of(seconds);
  }

  private static double timeOne(String java, Path jar) {
    Path out = null;
    try {
      out = Files.createTempDirectory("tdpsim-default-run");
      ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "run", "--out", out.toString(),
          "--force").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      long start = WallClock.nowNanos();
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the default run took more than 5 minutes");
      }
      double s = (WallClock.nowNanos() - start) / 1e9;
      if (p.exitValue() != 0) {
        throw new IllegalStateException("the default run exited with " + p.exitValue());
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing the default run", e);
    } finally {
      deleteQuietly(out);
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
