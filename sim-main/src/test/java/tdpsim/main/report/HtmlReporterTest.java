package tdpsim.main.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The HTML page: self-contained, with the table and the charts inline. */
class HtmlReporterTest {

  @Test
  void containsHeaderTableAndEmbeddedChartsAndNoExternalLinks() {
    String html = new HtmlReporter().render(SampleReports.fiveModes(false, "deadline <10 s> reached"));
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).contains("demand-paging").contains("seed 42");
    assertThat(html).contains("class=\"banner\">Incomplete run: deadline &lt;10 s&gt; reached");
    assertThat(html).contains("<table class=\"comparison\">").contains("<th>shared-prepopulated</th>");
    assertThat(html).contains("<td>Bytes vs separate</td>").contains("0.50x");
    assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(7);
    assertThat(html).doesNotContainIgnoringCase("http:").doesNotContainIgnoringCase("https:");
    assertThat(html).doesNotContain("<link").doesNotContain("<script");
  }

  @Test
  void escapesMarkup() {
    assertThat(HtmlReporter.escape("<a href='x'>&\"")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  }
}
