package tdpsim.main.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The non-terminal displays: at most one line a second, a final line, nothing when quiet. */
class ProgressTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream lines = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final StepClock clock = new StepClock();

  @Test
  void quietPrintsNothing() {
    Progress progress = Progress.create(true, false, lines, clock);
    progress.start("run", 10);
    progress.step(5, 100, 1_000);
    progress.finish();
    assertThat(output()).isEmpty();
  }

  @Test
  void plainLinesAreAtMostOnePerSecondPlusOneAtFinish() {
    Progress progress = Progress.create(false, false, lines, clock);
    progress.start("separate", 1_000);
    for (int i = 1; i <= 25; i++) {
      clock.advance(Duration.ofMillis(100));
      progress.step(i * 10L, i * 1_000L, i * 1_000_000L);
    }
    progress.finish();
    progress.finish();
    String[] out = output().split("\n");
    assertThat(out).hasSize(3);
    assertThat(out[0]).startsWith("[separate]  10.0% (100/1000)").contains("10.00k events/s").contains("ETA 0:00:09");
    assertThat(out[0]).contains("sim 10.00 ms/s");
    assertThat(out[2]).contains("(250/1000)").contains("finished in 0:00:02");
  }

  @Test
  void unknownTotalShowsCountWithoutEta() {
    Progress progress = Progress.create(false, false, lines, clock);
    progress.start("sweep", 0);
    clock.advance(Duration.ofSeconds(1));
    progress.step(3, 30, 300);
    progress.finish();
    assertThat(output()).contains("[sweep] 3 done").doesNotContain("ETA");
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** A clock the test moves by hand. */
  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
