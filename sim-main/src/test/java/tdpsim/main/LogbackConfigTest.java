package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml loads without errors (a malformed one prints a stack trace on every start). */
class LogbackConfigTest {
  @Test
  void shippedLogbackXmlConfiguresWithoutErrors() throws Exception {
    URL xml = Main.class.getResource("/logback.xml");
    assertThat(xml).isNotNull();
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(xml);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .noneMatch(s -> s.getLevel() >= Status.WARN);
    assertThat(context.getLogger("tdpsim").getLevel().levelStr).isEqualTo("INFO");
  }
}
