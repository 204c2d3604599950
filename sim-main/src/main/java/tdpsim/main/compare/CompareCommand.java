package tdpsim.main.compare;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tdpsim.main.BuildInfo;
import tdpsim.main.UserException;
import tdpsim.main.cluster.ModeReportCodec;
import tdpsim.main.report.JsonReporter;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.Provenance;
import tdpsim.main.report.ReportWriter;
import tdpsim.main.report.ResultsCsv;
import tdpsim.main.stats.Summary;

/**
 * {@code tdpsim compare A B}: two reports (report.json files, or directories holding one) side by side, per design
 * and figure, with the ratio B / A; when both are replicated, Welch's 95% interval of B - A and "within noise" when
 * it holds 0. Writes compare.json. Reports of different scenarios or designs are refused (exit 2) unless
 * {@code --force}, which compares the designs they share.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare two report.json files (or output directories) side by side, with ratios and intervals.")
public final class CompareCommand implements Callable<Integer> {
  public static final String FILE_NAME = "compare.json";
  /** The parameter column of compare's results.csv: which report.json a row comes from. */
  static final String REPORT_COLUMN = "report";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CompareCommand.class);

  @Parameters(index = "0", paramLabel = "A", description = "the reference report.json, or a directory holding one")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "the report.json compared with A, or its directory")
  Path b;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
      description = "where compare.json and results.csv go (default: the working directory)")
  Path out;

  @Option(names = "--force", description = "compare even different scenarios or design sets (shared designs only)")
  boolean force;

  @Option(names = "--all", description = "also list figures that are zero in both reports")
  boolean all;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One figure of one design in both reports. */
  record Row(String mode, String figure, Double a, Double b, Summary welch) {
    Double ratio() {
      if (a == null || b == null) {
        return null;
      }
      if (a == 0) {
        return b == 0 ? 1.0 : null;
      }
      return b / a;
    }
  }

  @Override
  public Integer call() {
    Path fileA = reportFile(a);
    Path fileB = reportFile(b);
    JsonNode ja = read(fileA);
    JsonNode jb = read(fileB);
    ReportFigures ra = ReportFigures.of(ja);
    ReportFigures rb = ReportFigures.of(jb);
    String why = whyNotComparable(ra, rb);
    if (why != null && !force) {
      throw new UserException("not comparable: " + why + " (--force compares the designs they share)");
    }
    List<Row> rows = rows(ra, rb);
    System.out.print(render(fileA, fileB, ra, rb, rows, why));
    Path target = out.resolve(FILE_NAME);
    try {
      Files.createDirectories(out);
      ReportWriter.writeAtomically(target, o -> {
        try (JsonGenerator gen = JsonReporter.generator(o)) {
          write(gen, fileA, fileB, ra, rb, rows, why);
        }
        o.write('\n');
      });
      ReportWriter.writeAtomically(out.resolve(ResultsCsv.FILE_NAME), o -> writeResults(o, fileA, ja, fileB, jb));
    } catch (IOException e) {
      throw new UserException("cannot write " + target + ": " + e.getMessage());
    }
    System.out.println("Comparison written to " + target.toAbsolutePath() + " (and " + ResultsCsv.FILE_NAME
        + ", both reports' figures in long form)");
    return 0;
  }

  /**
   * {@code results.csv}: every figure of every design of both reports in the tidy long form of {@code run} and
   * {@code sweep} (run = A or B, replication 0: the plain run), with a column {@code report} naming the file.
   */
  static void writeResults(OutputStream o, Path fileA, JsonNode a, Path fileB, JsonNode b) throws IOException {
    try (ResultsCsv csv = ResultsCsv.open(o, List.of(REPORT_COLUMN), false)) {
      addResults(csv, "A", fileA, a);
      addResults(csv, "B", fileB, b);
    }
  }

  private static void addResults(ResultsCsv csv, String run, Path file, JsonNode report) throws IOException {
    Map<String, String> values = Map.of(REPORT_COLUMN, file.toString());
    for (Iterator<Map.Entry<String, JsonNode>> it = report.path("modes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> mode = it.next();
      ModeReport m;
      try {
        m = ModeReportCodec.fromReportJson(mode.getKey(), mode.getValue());
      } catch (RuntimeException e) {
        LOG.warn(ResultsCsv.FILE_NAME + ": left out " + mode.getKey() + " of " + file + " (" + e.getMessage() + ")");
        continue;
      }
      csv.add(run, values, 0, m);
    }
  }

  /** Null when A and B ran the same scenario in the same designs, else why not. */
  static String whyNotComparable(ReportFigures ra, ReportFigures rb) {
    if (!ra.scenario().equals(rb.scenario())) {
      return "different scenarios (" + ra.scenario() + " vs " + rb.scenario() + ")";
    }
    if (!ra.figures().keySet().equals(rb.figures().keySet())) {
      return "different designs (" + String.join(", ", ra.figures().keySet()) + " vs "
          + String.join(", ", rb.figures().keySet()) + ")";
    }
    return null;
  }

  List<Row> rows(ReportFigures ra, ReportFigures rb) {
    List<Row> rows = new ArrayList<>();
    boolean welch = ra.replicated() && rb.replicated();
    for (String mode : ra.figures().keySet()) {
      Map<String, Double> fa = ra.figures().get(mode);
      Map<String, Double> fb = rb.figures().get(mode);
      if (fb == null) {
        continue;
      }
      Set<String> names = new LinkedHashSet<>(fa.keySet());
      names.addAll(fb.keySet());
      for (String name : names) {
        Summary sa = welch ? ra.summaries().getOrDefault(mode, Map.of()).get(name) : null;
        Summary sb = welch ? rb.summaries().getOrDefault(mode, Map.of()).get(name) : null;
        Double va = sa != null ? Double.valueOf(sa.mean()) : fa.get(name);
        Double vb = sb != null ? Double.valueOf(sb.mean()) : fb.get(name);
        if (!all && isZero(va) && isZero(vb)) {
          continue;
        }
        Summary diff = sa != null && sb != null ? Summary.welchDifference(sa, sb) : null;
        rows.add(new Row(mode, name, va, vb, diff));
      }
    }
    return rows;
  }

  private static boolean isZero(Double v) {
    return v == null || v == 0;
  }

  static String render(Path fileA, Path fileB, ReportFigures ra, ReportFigures rb, List<Row> rows, String why) {
    StringBuilder sb = new StringBuilder();
    sb.append("tdpsim compare: A = ").append(fileA).append("\n                B = ").append(fileB).append('\n');
    if (why != null) {
      sb.append("*** forced: ").append(why).append(" ***\n");
    }
    if (ra.hash() != null && ra.hash().equals(rb.hash())) {
      sb.append("same provenance hash: A and B come from the same inputs\n");
    }
    boolean welch = ra.replicated() && rb.replicated();
    sb.append(welch ? "means of the replications; B - A with Welch's 95% interval\n"
        : "single runs (no intervals: run --repeat N for both)\n");
    int nameWidth = rows.stream().mapToInt(r -> r.figure().length()).max().orElse(6);
    String mode = null;
    for (Row r : rows) {
      if (!r.mode().equals(mode)) {
        mode = r.mode();
        sb.append('\n').append(mode).append('\n');
        sb.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s  %16s  %16s  %9s%s%n", "figure", "A", "B",
            "B/A", welch ? "  B - A [95% Welch interval]" : ""));
      }
      sb.append(String.format(Locale.ROOT, "  %-" + nameWidth + "s  %16s  %16s  %9s", r.figure(), num(r.a()),
          num(r.b()), r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.3fx", r.ratio())));
      if (r.welch() != null) {
        sb.append(String.format(Locale.ROOT, "  %s [%s, %s]%s", num(r.welch().mean()), num(r.welch().ciLow()),
            num(r.welch().ciHigh()), r.welch().withinNoise() ? " within noise" : ""));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String num(Double v) {
    if (v == null || v.isNaN()) {
      return "-";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", v.longValue())
        : String.format(Locale.ROOT, "%,.3f", v);
  }

  private static void write(JsonGenerator gen, Path fileA, Path fileB, ReportFigures ra, ReportFigures rb,
      List<Row> rows, String why) throws IOException {
    gen.writeStartObject();
    writeSide(gen, "a", fileA, ra);
    writeSide(gen, "b", fileB, rb);
    gen.writeBooleanField("comparable", why == null);
    gen.writeStringField("notComparableReason", why);
    gen.writeBooleanField("welch", ra.replicated() && rb.replicated());
    gen.writeObjectFieldStart("modes");
    String mode = null;
    for (Row r : rows) {
      if (!r.mode().equals(mode)) {
        if (mode != null) {
          gen.writeEndObject();
        }
        mode = r.mode();
        gen.writeObjectFieldStart(mode);
      }
      gen.writeObjectFieldStart(r.figure());
      number(gen, "a", r.a());
      number(gen, "b", r.b());
      number(gen, "ratio", r.ratio());
      if (r.welch() != null) {
        gen.writeFieldName("difference");
        JsonReporter.writeSummary(gen, r.welch(), true);
        gen.writeBooleanField("withinNoise", r.welch().withinNoise());
      }
      gen.writeEndObject();
    }
    if (mode != null) {
      gen.writeEndObject();
    }
    gen.writeEndObject();
    gen.writeFieldName("provenance");
    String ha = ra.hash() == null ? BuildInfo.UNKNOWN : ra.hash();
    String hb = rb.hash() == null ? BuildInfo.UNKNOWN : rb.hash();
    gen.writeStartObject();
    gen.writeStringField("tdpsimVersion", BuildInfo.version());
    gen.writeStringField("gitCommit", BuildInfo.gitCommit());
    gen.writeStringField("javaVersion", BuildInfo.javaVersion());
    gen.writeStringField("inputA", ha);
    gen.writeStringField("inputB", hb);
    gen.writeStringField("hash", Provenance.hash(BuildInfo.version(), BuildInfo.gitCommit(),
        BuildInfo.javaVersion(), ha, hb));
    gen.writeEndObject();
    gen.writeEndObject();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper PROVENANCE_WRITER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static void writeSide(JsonGenerator gen, String field, Path file, ReportFigures r) throws IOException {
    gen.writeObjectFieldStart(field);
    gen.writeStringField("path", file.toString());
    gen.writeStringField("scenario", r.scenario());
    gen.writeStringField("provenanceHash", r.hash());
    gen.writeBooleanField("replicated", r.replicated());
    // The input's own provenance travels whole: a compare.json says which builds, scenarios, cost models, seeds
    // and replications it set side by side, not only their hashes.
    gen.writeFieldName("provenance");
    if (r.provenance().isObject()) {
      PROVENANCE_WRITER.writeTree(gen, r.provenance());
    } else {
      gen.writeNull();
    }
    gen.writeEndObject();
  }

  private static void number(JsonGenerator gen, String field, Double v) throws IOException {
    if (v == null || v.isNaN() || v.isInfinite()) {
      gen.writeNullField(field);
    } else {
      gen.writeNumberField(field, new java.math.BigDecimal(v).setScale(3, java.math.RoundingMode.HALF_EVEN)
          .stripTrailingZeros());
    }
  }

  private static Path reportFile(Path p) {
    Path file = Files.isDirectory(p) ? p.resolve("report.json") : p;
    if (!Files.isReadable(file)) {
      throw new UserException(file + ": no readable report.json");
    }
    return file;
  }

  private static JsonNode read(Path file) {
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.path("modes").isObject()) {
        throw new UserException(file + ": not a tdpsim report.json (no \"modes\" object)");
      }
      return node;
    } catch (IOException e) {
      throw new UserException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
