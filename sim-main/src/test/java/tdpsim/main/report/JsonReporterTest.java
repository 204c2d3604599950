package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON format: golden snapshot, determinism and the documented shape. */
class JsonReporterTest {
  private static final String GOLDEN = "/golden/report-five-modes.json";

  @Test
  void handBuiltReportMatchesGoldenSnapshot() throws IOException {
    String actual = json(SampleReports.fiveModes());
    if (Boolean.getBoolean("tdpsim.golden.update")) {
      // Run with -Dtdpsim.golden.update=true after an intended format change, then review the diff.
      Files.writeString(Path.of("src/test/resources" + GOLDEN), actual, StandardCharsets.UTF_8);
    }
    String expected;
    try (InputStream in = JsonReporterTest.class.getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file %s", GOLDEN).isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void equalReportsGiveByteIdenticalOutput() throws IOException {
    byte[] first = bytes(SampleReports.fiveModes());
    byte[] second = bytes(SampleReports.fiveModes());
    assertThat(SampleReports.fiveModes()).isEqualTo(SampleReports.fiveModes());
    assertThat(second).isEqualTo(first);
  }

  @Test
  void incompleteReportSaysCompleteFalseWithItsReason() throws IOException {
    String json = json(SampleReports.fiveModes(false, "deadline of 10 s reached"));
    assertThat(json).contains("\"complete\": false").contains("\"incompleteReason\": \"deadline of 10 s reached\"");
    assertThat(json(SampleReports.fiveModes())).contains("\"complete\": true").contains("\"incompleteReason\": null");
  }

  @Test
  void documentHasTheAgreedShapeAndKeyOrder() throws IOException {
    JsonNode root = new ObjectMapper().readTree(json(SampleReports.fiveModes()));
    assertThat(names(root))
        .containsExactly(
            "scenario", "origin", "seed", "deterministic", "complete", "incompleteReason", "modes", "simulator");
    assertThat(names(root.get("modes")))
        .containsExactly("separate", "shared-prepopulated", "shared-iopf", "separate-iopf", "viommu-shadow");
    JsonNode separate = root.get("modes").get("separate");
    assertThat(names(separate))
        .containsExactly(
            "refusedReason",
            "tables",
            "pinnedBytes",
            "counters",
            "zapsByCause",
            "latencyNs",
            "invariantViolations",
            "migration");
    assertThat(names(separate.get("counters")).subList(0, 9)).isEqualTo(ModeReport.COUNTER_ORDER);
    assertThat(names(separate.get("latencyNs"))).containsExactly("vcpuFault", "dma", "drain");
    assertThat(separate.get("tables").get("tdp").get("pagesByLevel").get("1").asLong()).isEqualTo(96);
    assertThat(root.get("modes").get("shared-iopf").get("tables").get("iommu").isNull()).isTrue();
    assertThat(root.get("modes").get("viommu-shadow").get("tables").get("tdp").isNull()).isTrue();
    assertThat(names(root.get("simulator")))
        .containsExactly("events", "wallSeconds", "eventsPerSecond", "heapBytes", "messages");
  }

  @Test
  void decimalsArePlainWithAtMostThreeFractionDigits() {
    assertThat(Units.plain(6_333.333333)).isEqualTo("6333.333");
    assertThat(Units.plain(1e12)).isEqualTo("1000000000000");
    assertThat(Units.plain(2.0)).isEqualTo("2");
    assertThat(Units.plain(-0.0)).isEqualTo("0");
    assertThat(Units.plain(Double.NaN)).isNull();
  }

  static String json(RunReport report) throws IOException {
    return new String(bytes(report), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(RunReport report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonReporter().write(report, out);
    return out.toByteArray();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }
}
