package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void everyCostKeyCarriesASourceOfAKnownKind() {
    var cost = ConfigFactory.defaultReference().getConfig("tdpsim.cost");
    for (String key : CostSettings.keys()) {
      String source = CostSettings.source(cost, key);
      assertThat(source).as(key).matches("(measured|cited|assumption): .+");
    }
  }
}
