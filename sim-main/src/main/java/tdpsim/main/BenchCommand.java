package tdpsim.main;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tdpsim.main.bench.Bench;
import tdpsim.main.bench.BenchReport;
import tdpsim.main.bench.ScaleRuns;
import tdpsim.main.report.ReportWriter;
import tdpsim.protocol.Mode;

/**
 * {@code tdpsim bench}: measures the simulator against a raw Pekko baseline of the same message pattern and a
 * sequential replay of the same accesses, in one process, plus scaling tables; or one of the two scale checks.
 * Prints a table and writes {@code bench.json}, {@code bench.csv} and {@code bench.txt}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the simulator against its baselines (raw Pekko, sequential) and scaling.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "shorter virtual durations: the whole bench in under two minutes")
  boolean quick;

  @Option(names = "--out", description = "output directory (default tdpsim-out/bench-<timestamp>)")
  Path out;

  @Option(names = "--mode", description = "design to measure (default shared-iopf; for --scale-memory the "
      + "scenario's first design, shared-prepopulated)")
  String mode;

  @Option(names = "--large-population", defaultValue = "scenarios/large-population.conf",
      description = "the large-population scenario file (default ${DEFAULT-VALUE})")
  Path largePopulation;

  @Option(names = "--scale-entities", arity = "0..1", fallbackValue = "scenarios/bench/scale-entities.conf",
      description = "only the entity-scale check on this scenario (default scenarios/bench/scale-entities.conf); "
          + "run with -Xmx8g")
  Path scaleEntities;

  @Option(names = "--scale-memory", arity = "0..1", fallbackValue = "scenarios/bench/scale-memory.conf",
      description = "only the 4 TiB memory-scale check on this scenario (default scenarios/bench/scale-memory.conf); "
          + "run with -Xmx9114m")
  Path scaleMemory;

  @Override
  public Integer call() {
    Mode m = mode == null ? null : Mode.ofConfigName(mode).orElseThrow(() -> new UserException("unknown mode '"
        + mode + "'; valid: " + Mode.validNames()));
    // Progress and the files written are diagnostics (stderr, --log-level); the table is the output (stdout).
    PrintStream log = LogLines.info(org.slf4j.LoggerFactory.getLogger(BenchCommand.class));
    BenchReport report;
    if (scaleMemory != null) {
      // The memory check measures a machine whose tables are filled at start, so its design comes from its
      // scenario (shared-prepopulated), not from the throughput bench's default.
      report = ScaleRuns.memory(readable(scaleMemory), m, log);
    } else if (scaleEntities != null) {
      report = ScaleRuns.entities(readable(scaleEntities), m != null ? m : Mode.SHARED_IOPF, log);
    } else {
      report = new Bench(m != null ? m : Mode.SHARED_IOPF, largePopulation, quick, log).run();
    }
    System.out.print(report.table());
    Path dir = out != null ? out : Path.of("tdpsim-out", "bench-" + ReportWriter.defaultOutDir(
        java.time.Clock.systemDefaultZone()).getFileName());
    try {
      for (Path p : report.write(dir)) {
        log.println("bench: wrote " + p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A target not met is a measurement, not an error: the table says so and the exit code stays 0.
    return 0;
  }

  private static Path readable(Path p) {
    if (!java.nio.file.Files.isReadable(p)) {
      throw new UserException(p + ": cannot read the scenario file");
    }
    return p;
  }
}
