package tdpsim.actors.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvalidationTrackerTest {
  @Test
  void faultInsideAnInvalidationInProgressMustRetry() {
    InvalidationTracker t = new InvalidationTracker();
    long seq = t.seq();
    t.begin(100, 200);
    assertThat(t.isInProgress(150)).isTrue();
    assertThat(t.mayInstall(150, 1, seq)).isFalse();
    assertThat(t.mayInstall(300, 1, seq)).isTrue();
    assertThat(t.mayInstall(0, 512, seq)).isFalse();
  }

  @Test
  void faultThatStartedBeforeAnInvalidationEndedMustRetry() {
    InvalidationTracker t = new InvalidationTracker();
    long seq = t.seq();
    t.begin(100, 200);
    t.end(100, 200);
    assertThat(t.isIdle()).isTrue();
    assertThat(t.mayInstall(5000, 1, seq)).isFalse();
    assertThat(t.mayInstall(5000, 1, t.seq())).isTrue();
  }
}
