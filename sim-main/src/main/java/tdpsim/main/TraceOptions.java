package tdpsim.main;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import tdpsim.main.trace.TraceWriter;

/** {@code --trace FILE [--trace-filter KINDS] [--trace-limit N]} of {@code run}. */
final class TraceOptions {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TraceOptions.class);

  @Option(names = "--trace", paramLabel = "FILE",
      description = "write the simulated events as JSON lines to FILE (docs/report-format.md, Event trace)")
  Path file;

  @Option(names = "--trace-filter", split = ",", paramLabel = "KIND",
      description = "only these event kinds: fault, spte-change, zap, tlb-flush, iotlb-invalidation, "
          + "devtlb-invalidation, page-request, page-response, drain, dirty-harvest, root-switch")
  List<String> kinds;

  @Option(names = "--trace-limit", paramLabel = "N", defaultValue = "1000000",
      description = "write at most N events (default ${DEFAULT-VALUE}); the rest are counted")
  long limit;

  /** The writer, or null when no trace was asked for. */
  TraceWriter open(boolean deterministic) {
    if (file == null) {
      return null;
    }
    if (limit < 1) {
      throw new UserException("--trace-limit = " + limit + ": expected an integer >= 1");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
      throw new UserException("--trace " + file + ": directory " + parent + " does not exist");
    }
    try {
      return new TraceWriter(file, TraceWriter.parseKinds(kinds), limit, deterministic);
    } catch (IllegalArgumentException e) {
      throw new UserException("--trace-filter: " + e.getMessage());
    }
  }

  /** Finishes the file and says what it holds. */
  void close(TraceWriter writer, boolean quiet) {
    if (writer == null) {
      return;
    }
    writer.close();
    String summary = "trace: " + writer.written() + " events written to " + file + ", " + writer.dropped()
        + " dropped (queue full), " + writer.overLimit() + " past --trace-limit";
    if (writer.dropped() > 0 || writer.overLimit() > 0) {
      LOG.warn(summary);
    } else if (!quiet) {
      LOG.info(summary);
    }
  }
}
