package tdpsim.main;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tdpsim command line. With no arguments it runs the built-in default scenario in all five designs; the
 * subcommands run a scenario file, compare table footprints, and more.
 */
@Command(
    name = "tdpsim",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Simulates KVM's TDP page table shared with the IOMMU, against separate tables.",
    subcommands = {RunCommand.class, SweepCommand.class, SensitivityCommand.class, FootprintCommand.class,
        BenchCommand.class, NodeCommand.class, tdpsim.main.compare.CompareCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {
  /** Exit code for a user mistake (bad option, bad config, missing file). */
  public static final int EXIT_USAGE = 2;
  /** Exit code for a run that stopped early or saw an invariant violation. */
  public static final int EXIT_INCOMPLETE = 1;
  /** The line for a heap so full that not even the heap figures can be formatted. */
  static final String OUT_OF_MEMORY = "tdpsim: out of memory: the heap (-Xmx) is full; run with a larger -Xmx or a "
      + "smaller scenario";

  /**
   * {@code --log-level}, on the root command and every subcommand: the level of tdpsim's own diagnostics and of
   * the libraries' logging (logback.xml has the defaults: INFO for tdpsim, WARN for libraries).
   */
  @CommandLine.Option(names = "--log-level", paramLabel = "LEVEL", scope = CommandLine.ScopeType.INHERIT,
      description = "logging level on stderr: error, warn, info, debug or trace (default: info for tdpsim's own "
          + "notes, warn for libraries)")
  void logLevel(String level) {
    ch.qos.logback.classic.Level parsed = ch.qos.logback.classic.Level.toLevel(level, null);
    if (parsed == null || !level.equalsIgnoreCase(parsed.levelStr)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--log-level: unknown level '" + level + "'; valid: error, warn, info, debug, trace");
    }
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(parsed);
      context.getLogger("tdpsim").setLevel(parsed);
    }
  }

  @CommandLine.Option(names = "--out", paramLabel = "DIR",
      description = "output directory (default tdpsim-out/<timestamp>); as `run --out`")
  java.nio.file.Path out;

  @CommandLine.Option(names = "--modes", split = ",", paramLabel = "MODE",
      description = "designs to run, comma separated; as `run --modes`")
  java.util.List<String> modes;

  @CommandLine.Option(names = "--seed", description = "override the default scenario's seed; as `run --seed`")
  Long seed;

  @CommandLine.Option(names = "--quiet", description = "no progress and no table on the terminal; as `run --quiet`")
  boolean quiet;

  /** No subcommand: the built-in default scenario, exactly as {@code run} with the same options. */
  @Override
  public Integer call() {
    RunCommand run = new RunCommand();
    run.out = out;
    run.modes = modes;
    run.seed = seed;
    run.quiet = quiet;
    return run.call();
  }

  public static void main(String[] args) {
    // Logback's own start-up notes are not the user's business (logback.xml silences them too, but only once read).
    if (System.getProperty("logback.statusListenerClass") == null) {
      System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
    }
    if (runsADesign(args)) {
      // Issue 19: Pekko's first actor system, the chart toolkit and the report writers start on other threads while
      // logging, the command line and the scenario load here.
      tdpsim.main.engine.StartupWarmUp.startInBackground(tdpsim.main.report.ChartReporter::warmUp,
          tdpsim.main.report.ReportWarmUp::writers);
    }
    // Initialise logging before actor systems start logging from several threads at once.
    org.slf4j.LoggerFactory.getILoggerFactory();
    tdpsim.main.engine.SignalExit.install();
    int code = execute(args);
    tdpsim.main.engine.SignalExit.exiting();
    try {
      System.exit(code);
    } catch (OutOfMemoryError e) {
      // The heap is still full (the actors of a run that ran out may hold it): an exit that cannot even run its
      // hooks ends here, not in a JVM kept alive by those actors' threads.
      Runtime.getRuntime().halt(code);
    }
  }

  /** The default run and {@code run} (not help, version or the other commands): worth warming up for. */
  static boolean runsADesign(String[] args) {
    if (args.length == 0) {
      return true;
    }
    String first = args[0];
    return "run".equals(first) || first.startsWith("--") && !"--help".equals(first) && !"--version".equals(first);
  }

  /**
   * A message as one printable line: line breaks become spaces, and control characters (from a binary file a
   * message quotes) become '?', so that an error never spans lines or reconfigures the terminal.
   */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(message.length());
    message.replaceAll("\\s*\\R\\s*", " ").codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == 0xFFFD || Character.getType(c) == Character.UNASSIGNED) {
        b.append('?');
      } else {
        b.appendCodePoint(c);
      }
    });
    return b.toString();
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler((ex, a) -> {
      String command = ex.getCommandLine().getCommandName();
      String help = "tdpsim".equals(command) ? "tdpsim --help" : "tdpsim " + command + " --help";
      ex.getCommandLine().getErr().println("tdpsim: " + oneLine(ex.getMessage()) + " (see '" + help + "')");
      return EXIT_USAGE;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof UserException u) {
        commandLine.getErr().println("tdpsim: " + oneLine(u.getMessage()));
        return EXIT_USAGE;
      }
      // A bug, not a user mistake: one line, and the stack trace only when asked for.
      commandLine.getErr().println("tdpsim: internal error: " + ex + " (please report it; -Dtdpsim.stack-traces=true"
          + " prints the stack trace)");
      if (Boolean.getBoolean("tdpsim.stack-traces")) {
        ex.printStackTrace(commandLine.getErr());
      }
      return EXIT_INCOMPLETE;
    });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // Outside a simulation (loading, reporting): say so in one line; a simulation reports it in its report.
      try {
        System.err.println("tdpsim: " + tdpsim.main.engine.HeapWatch.outOfMemory());
      } catch (OutOfMemoryError again) {
        // Not even room to format the heap figures: a constant line, still one line and not a stack trace.
        System.err.println(OUT_OF_MEMORY);
      }
      return EXIT_INCOMPLETE;
    }
  }
}
