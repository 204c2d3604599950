package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tdpsim.actors.stats.Counter;

/** The counter catalogue covers every counter and is what docs/report-format.md shows. */
class CounterCatalogueTest {
  private static final String BEGIN = "<!-- counter-catalogue:begin -->\n";
  private static final String END = "<!-- counter-catalogue:end -->";

  @Test
  void everyCounterHasACatalogueEntry() {
    assertThat(Arrays.stream(Counter.values()).map(Counter::reportName).filter(n -> CounterCatalogue.find(n) == null))
        .as("counters without a CounterCatalogue entry")
        .isEmpty();
  }

  @Test
  void everyEntryHasUnitLabelAndMeaning() {
    for (CounterCatalogue.Entry e : CounterCatalogue.entries()) {
      assertThat(e.label()).as(e.name()).isNotBlank();
      assertThat(e.unit()).as(e.name()).isNotBlank();
      assertThat(e.meaning()).as(e.name()).isNotBlank().doesNotContain("|");
    }
  }

  @Test
  void headlineCountersComeFirstInReportOrder() {
    assertThat(CounterCatalogue.entries().subList(0, ModeReport.COUNTER_ORDER.size()))
        .extracting(CounterCatalogue.Entry::name)
        .containsExactlyElementsOf(ModeReport.COUNTER_ORDER);
  }

  @Test
  void reportFormatDocCarriesTheCatalogue() throws IOException {
    Path doc = docs().resolve("report-format.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int from = text.indexOf(BEGIN);
    int to = text.indexOf(END);
    assertThat(from).as("catalogue markers in " + doc).isNotNegative();
    assertThat(to).isGreaterThan(from);
    String expected = CounterCatalogue.markdownTable();
    if (Boolean.getBoolean("tdpsim.docs.update")) {
      text = text.substring(0, from + BEGIN.length()) + expected + text.substring(to);
      Files.writeString(doc, text, StandardCharsets.UTF_8);
      to = text.indexOf(END);
    }
    assertThat(text.substring(from + BEGIN.length(), to))
        .as("docs/report-format.md counter table; regenerate with -Dtdpsim.docs.update=true")
        .isEqualTo(expected);
  }

  private static Path docs() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("docs/ above the working directory").isNotNull();
    return dir.resolve("docs");
  }
}
