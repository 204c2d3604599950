package tdpsim.main.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fallback for Ctrl-C stands aside while a command's own hook is registered. */
class SignalExitTest {

  @Test
  void standsAsideWhileACommandsHookIsRegistered() {
    assertThat(SignalExit.fallbackActs()).isTrue();
    Thread hook = new Thread(() -> { });
    SignalExit.addHook(hook);
    assertThat(SignalExit.fallbackActs()).isFalse();
    assertThat(SignalExit.removeHook(hook)).isTrue();
    assertThat(SignalExit.fallbackActs()).isTrue();
    assertThat(SignalExit.removeHook(hook)).as("removing twice changes nothing").isTrue();
    assertThat(SignalExit.fallbackActs()).isTrue();
  }
}
