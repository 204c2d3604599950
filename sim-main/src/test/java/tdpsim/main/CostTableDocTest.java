package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/cost-model.md's table is the one rendered from reference.conf; every cost key carries a source. */
class CostTableDocTest {
  private static final String BEGIN = "<!-- cost-table:begin (generated from reference.conf by CostTable) -->\n";
  private static final String END = "<!-- cost-table:end -->";

  @Test
  void docsTableMatchesTheReference() throws IOException {
    Path doc = Path.of("..", "docs", "cost-model.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    assertThat(b).as("cost-table markers in " + doc).isNotNegative();
    assertThat(e).isGreaterThan(b);
    String expected = CostTable.render();
    String actual = text.substring(b + BEGIN.length(), e);
    if (!actual.equals(expected) && Boolean.getBoolean("tdpsim.updateDocs")) {
      Files.writeString(doc, text.substring(0, b + BEGIN.length()) + expected + text.substring(e),
          StandardCharsets.UTF_8);
      actual = expected;
    }
    assertThat(actual).as("docs/cost-model.md differs from reference.conf; rerun this test with"
        + " -Dtdpsim.updateDocs=true").isEqualTo(expected);
  }

  /** Every key under tdpsim of every module's reference.conf, read from the source files themselves. */
  @Test
  void everyKeyOfEveryReferenceConfCarriesASource() {
    int keys = 0;
    for (String module : List.of("protocol", "actors", "load-gen", "sim-main")) {
      Path file = Path.of("..", module, "src", "main", "resources", "reference.conf");
      assertThat(file).as("reference.conf of " + module).isRegularFile();
      List<ConfigSources.Entry> entries = ConfigSources.entries(ConfigFactory.parseFile(file.toFile()));
      assertThat(entries).as(file.toString()).isNotEmpty();
      for (ConfigSources.Entry e : entries) {
        assertThat(e.source()).as(file + ": tdpsim." + e.path() + " (line " + e.value().origin().lineNumber()
            + ") needs a '# source: <measured|cited|assumption|choice|simulator>: ...' comment line right above it")
            .matches(ConfigSources.FORM);
        keys++;
      }
    }
    // 29 cost keys plus the rest: a walk that stopped early (e.g. at an object) would count far fewer.
    assertThat(keys).isGreaterThan(120);
  }

  @Test
  void aKeyWithoutASourceLineIsFound() {
    var parsed = ConfigFactory.parseString("""
        tdpsim {
          a {
            # What b is.
            # source: assumption: nobody measured it
            b = 8
            # What c is, no source.
            c = 2
            region { gpa = 0, size = 0 }
            # Its fields together.
            # source: choice: the workload
            d { x = 1, y = 2 }
            e { value = 1us, source = "measured: x" }
          }
        }
        """);
    var bySource = new java.util.TreeMap<String, String>();
    var description = new java.util.TreeMap<String, String>();
    for (ConfigSources.Entry e : ConfigSources.entries(parsed)) {
      bySource.put(e.path(), e.source());
      description.put(e.path(), e.description());
    }
    assertThat(bySource).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("a.b", "assumption: nobody measured it",
        "a.c", "", "a.region.gpa", "", "a.region.size", "", "a.d", "choice: the workload", "a.e", "measured: x"));
    assertThat(description).containsEntry("a.b", "What b is.");
  }

  @Test
  void everyCostKeyCarriesASourceOfAKnownKind() {
    var cost = ConfigFactory.defaultReference().getConfig("tdpsim.cost");
    for (String key : CostSettings.keys()) {
      String source = CostSettings.source(cost, key);
      assertThat(source).as(key).matches("(measured|cited|assumption): .+");
    }
  }
}
