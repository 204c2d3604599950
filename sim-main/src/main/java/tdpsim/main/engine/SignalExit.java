package tdpsim.main.engine;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) or SIGTERM where no command handles it itself, for instance while a scenario is still being
 * loaded: one line and exit 1, as for any run that stopped early, instead of the JVM's silent 130. Commands that
 * handle the signal themselves (a run writing its partial report, a sweep keeping its journal, a cluster member
 * leaving gracefully) register their hooks here, and while any is registered this hook stands aside.
 */
public final class SignalExit {
  private static final AtomicInteger OWN_HOOKS = new AtomicInteger();
  private static volatile boolean exiting;

  private SignalExit() {}

  /** Installs the fallback hook; once per JVM, from {@code main} only (tests call the commands in-process). */
  public static void install() {
    Runtime.getRuntime().addShutdownHook(new Thread(SignalExit::onShutdown, "tdpsim-signal-exit"));
  }

  /** The program is ending by itself with its own exit code: the hook does nothing. */
  public static void exiting() {
    exiting = true;
  }

  /** A command's own signal handling, counted so that the fallback stands aside while it is registered. */
  public static void addHook(Thread hook) {
    OWN_HOOKS.incrementAndGet();
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The command handles signals for the rest of the JVM's life by other means (Pekko's coordinated shutdown). */
  public static void handledByTheCommand() {
    OWN_HOOKS.incrementAndGet();
  }

  /** Removes a hook added with {@link #addHook}; false when the JVM is already shutting down (the hook runs). */
  public static boolean removeHook(Thread hook) {
    try {
      if (Runtime.getRuntime().removeShutdownHook(hook)) {
        OWN_HOOKS.decrementAndGet();
      }
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** Whether the fallback would act now: a signal, not the program's own exit, and no command's hook (tests). */
  static boolean fallbackActs() {
    return !exiting && OWN_HOOKS.get() == 0;
  }

  private static void onShutdown() {
    if (!fallbackActs()) {
      return;
    }
    System.out.flush();
    System.err.println("tdpsim: interrupted before a report could be written (exit 1)");
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }
}
