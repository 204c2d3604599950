package tdpsim.loadgen.scenario;

/**
 * A scenario that cannot be run. The message is one line: the file, the key path, the value and what was
 * expected, e.g. {@code scenario.conf: tdpsim.scenario.vms[0].vcpus = 0: expected an integer >= 1}.
 */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The process exit code for a bad scenario (usage error, as in sysexits' EX_USAGE family). */
  public static final int EXIT_CODE = 2;

  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The exit code the command line uses for this error: 2. */
  public int exitCode() {
    return EXIT_CODE;
  }
}
