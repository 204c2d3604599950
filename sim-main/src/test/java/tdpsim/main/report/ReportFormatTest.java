package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportFormatTest {

  @Test
  void namesAreCaseInsensitiveAndEachFormatBuildsItsReporter() {
    assertThat(ReportFormat.fromName("Json")).isEqualTo(ReportFormat.JSON);
    assertThat(ReportFormat.CHARTS.create()).isInstanceOf(ChartReporter.class);
    assertThat(ReportFormat.HTML.create()).isInstanceOf(HtmlReporter.class);
  }

  @Test
  void unknownNameListsTheValidOnes() {
    assertThatThrownBy(() -> ReportFormat.fromName("pdf"))
        .hasMessageContaining("pdf")
        .hasMessageContaining("table, json, csv, charts, html");
  }
}
