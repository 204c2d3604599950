package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;
import tdpsim.protocol.Mode;

/**
 * One vCPU replays the shipped lackey trace once, 4 KiB backing, no devices and no host events: in a design that
 * maps on demand every distinct page of the trace faults exactly once, so vcpuFaults equals the number of
 * distinct pages, counted here straight from the trace text.
 */
class TraceReplayRunTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @EnumSource(value = Mode.class, names = {"SHARED_IOPF", "SEPARATE_IOPF", "SEPARATE"})
  void firstTouchFaultsEqualDistinctTracePages(Mode mode) throws IOException {
    Path trace = Cli.projectRoot().resolve("scenarios/traces/touch.lackey");
    Path scenario = tmp.resolve("replay.conf");
    Files.writeString(scenario, """
        tdpsim.scenario {
          name = trace-once
          seed = 3
          run.duration = 20ms
          vms = [{
            name = vm
            vcpus = 1
            memslots = [{ gpa = 0, size = 64MiB, backing = 4KiB }]
            access { pattern = trace, trace-file = "%s", passes = 1, think-time = 50ns }
          }]
        }
        """.formatted(trace.toString().replace("\\", "/")));

    ModeResult r = WorkRunner.run(new WorkItem(0, scenario.toString(), Map.of(), mode, 3, true));

    assertThat(r.complete()).as(r.stopReason()).isTrue();
    assertThat(r.report().invariantViolations()).isEmpty();
    assertThat(r.report().counter("vcpuFaults")).isEqualTo(distinctPages(trace));
  }

  /** Distinct 4 KiB pages (address >>> 12) of the I/L/S/M lines, skipping valgrind's == lines and blanks. */
  static long distinctPages(Path trace) throws IOException {
    List<String> lines = Files.readAllLines(trace);
    Set<Long> pages = new HashSet<>();
    for (String line : lines) {
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("==")) {
        continue;
      }
      String[] kindAndRest = t.split("\\s+", 2);
      String address = kindAndRest[1].substring(0, kindAndRest[1].indexOf(','));
      pages.add(Long.parseUnsignedLong(address, 16) >>> 12);
    }
    assertThat(pages).hasSizeGreaterThan(10);
    return pages.size();
  }
}
