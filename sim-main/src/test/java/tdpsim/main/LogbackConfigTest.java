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

  /** Issue 19: LogbackSetup configures in code what logback.xml says; the two must not drift apart. */
  @Test
  void logbackSetupConfiguresWhatLogbackXmlSays() throws Exception {
    LoggerContext fromXml = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(fromXml);
    joran.doConfigure(Main.class.getResource("/logback.xml"));
    LoggerContext fromCode = new LoggerContext();
    LogbackSetup setup = new LogbackSetup();
    setup.setContext(fromCode);
    assertThat(setup.configure(fromCode)).isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus
        .DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(describe(fromCode)).isEqualTo(describe(fromXml));
    assertThat(describe(fromCode)).contains("tdpsim.actors level=OFF", "appender CLI System.err tdpsim: %replace");
  }

  /** Every configured logger: level, additivity and appenders with their targets and patterns. */
  private static String describe(LoggerContext context) {
    StringBuilder sb = new StringBuilder();
    for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
      if (logger.getLevel() == null && logger.isAdditive() && !logger.iteratorForAppenders().hasNext()) {
        continue;
      }
      sb.append(logger.getName()).append(" level=").append(logger.getLevel()).append(" additive=")
          .append(logger.isAdditive()).append('\n');
      logger.iteratorForAppenders().forEachRemaining(a -> {
        var console = (ch.qos.logback.core.ConsoleAppender<?>) a;
        var encoder = (ch.qos.logback.classic.encoder.PatternLayoutEncoder) console.getEncoder();
        sb.append("  appender ").append(a.getName()).append(' ').append(console.getTarget()).append(' ')
            .append(encoder.getPattern()).append(" started=").append(a.isStarted()).append('\n');
      });
    }
    return sb.toString();
  }
}
