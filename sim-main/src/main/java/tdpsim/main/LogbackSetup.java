package tdpsim.main;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.OptionHelper;

/**
 * The shipped {@code logback.xml}, set up in code (issue 19): Logback's XML configurator (an XML parser and Joran's
 * model) was about 0.4 s of a default run's start, on the main thread, before the command line was read. Logback
 * finds this class as a service and runs it before its own configurators; when the user names a configuration
 * ({@code -Dlogback.configurationFile}) or a {@code logback-test.xml} is on the class path it steps aside, and
 * Logback reads that file as before. {@code logback.xml} stays the documented form, and a test holds the two
 * equal: same appenders, patterns, levels and additivity.
 */
public final class LogbackSetup extends ContextAwareBase implements Configurator {
  /** The pattern of appender STDERR in logback.xml: libraries' warnings and errors. */
  static final String LIBRARY_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
  /** The pattern of appender CLI in logback.xml: tdpsim's own diagnostics. */
  static final String CLI_PATTERN =
      "tdpsim: %replace(%replace(%level: ){'^(INFO|ERROR): $', ''}){'^WARN: $', 'warning: '}%msg%n";
  /** Levels of tdpsim.actors and OneForOneStrategy, as logback.xml: the property, else OFF. */
  static final String ACTORS_LEVEL = "${tdpsim.actors.loglevel:-OFF}";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogbackSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    String actors;
    try {
      actors = OptionHelper.substVars(ACTORS_LEVEL, context);
    } catch (ch.qos.logback.core.spi.ScanException e) {
      // A property Logback cannot substitute: let logback.xml meet it, as before.
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    ConsoleAppender<ILoggingEvent> stderr = appender(context, "STDERR", LIBRARY_PATTERN);
    ConsoleAppender<ILoggingEvent> cli = appender(context, "CLI", CLI_PATTERN);
    context.getLogger("org.apache.pekko.stream.Materializer").setLevel(Level.ERROR);
    level(context.getLogger("tdpsim.actors"), actors);
    level(context.getLogger("org.apache.pekko.actor.OneForOneStrategy"), actors);
    Logger tdpsim = context.getLogger("tdpsim");
    tdpsim.setLevel(Level.INFO);
    tdpsim.setAdditive(false);
    tdpsim.addAppender(cli);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static ConsoleAppender<ILoggingEvent> appender(LoggerContext context, String name, String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }

  /**
   * As Joran sets a logger's level attribute: blank leaves it, INHERITED or NULL clear it, anything else as
   * Level.toLevel.
   */
  private static void level(Logger logger, String value) {
    if (OptionHelper.isNullOrEmptyOrAllSpaces(value)) {
      return;
    }
    if ("INHERITED".equalsIgnoreCase(value) || "NULL".equalsIgnoreCase(value)) {
      logger.setLevel(null);
    } else {
      logger.setLevel(Level.toLevel(value));
    }
  }
}
