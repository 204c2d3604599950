package tdpsim.main.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fallback for Ctrl-C stands aside while a command's own hook is registered. */
class SignalExitTest {

  @Test
  void standsAsideWhileACommandsHookIsRegistered() {
    // Other tests in this JVM may have left a command's handling registered (a cluster member started
    // in-process): what this test checks is relative to the state it found.
    boolean before = SignalExit.fallbackActs();
    Thread hook = new Thread(() -> { });
    SignalExit.addHook(hook);
    assertThat(SignalExit.fallbackActs()).isFalse();
    assertThat(SignalExit.removeHook(hook)).isTrue();
    assertThat(SignalExit.fallbackActs()).isEqualTo(before);
    assertThat(SignalExit.removeHook(hook)).as("removing twice changes nothing").isTrue();
    assertThat(SignalExit.fallbackActs()).isEqualTo(before);
  }
}
