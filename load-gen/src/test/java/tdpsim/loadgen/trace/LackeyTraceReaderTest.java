package tdpsim.loadgen.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.loadgen.GuestPages;
import tdpsim.loadgen.TestVms;
import tdpsim.loadgen.Workload;
import tdpsim.loadgen.WorkloadKind;
import tdpsim.loadgen.scenario.AccessSettings;
import tdpsim.loadgen.scenario.ScenarioException;
import tdpsim.loadgen.scenario.VmSettings;
import tdpsim.protocol.Access;

class LackeyTraceReaderTest {
  /** An independent reading of the format: a regex, not the reader's hand-written parser. */
  private static final Pattern RECORD = Pattern.compile("^ ?([ILSM]) +([0-9a-fA-F]+),[0-9]+$");

  @TempDir
  Path dir;

  private static Path realTrace() throws URISyntaxException {
    return Path.of(LackeyTraceReaderTest.class.getResource("/traces/touch.lackey").toURI());
  }

  @Test
  void replayProducesAsManyDistinctGfnsAsTheTraceHasDistinctPages() throws Exception {
    Set<Long> tracePages = new HashSet<>();
    int records = 0;
    int writes = 0;
    for (String line : Files.readAllLines(realTrace())) {
      Matcher m = RECORD.matcher(line);
      if (m.matches()) {
        tracePages.add(Long.parseLong(m.group(2), 16) >>> 12);
        records++;
        writes += "SM".contains(m.group(1)) ? 1 : 0;
      }
    }
    AccessSettings access = TestVms.trace(realTrace(), false, 1);
    VmSettings vm = TestVms.vm(1, access);

    Workload workload = WorkloadKind.TRACE.create(access, vm, 0, 1);
    Set<Long> gfns = new HashSet<>();
    long[] buf = new long[256];
    int n;
    int produced = 0;
    int producedWrites = 0;
    while ((n = workload.next(buf, buf.length)) > 0) {
      for (int i = 0; i < n; i++) {
        gfns.add(Access.toGfn(buf[i]));
        producedWrites += Access.isWrite(buf[i]) ? 1 : 0;
      }
      produced += n;
    }

    assertThat(tracePages).hasSizeGreaterThan(50);
    assertThat(gfns).hasSize(tracePages.size());
    assertThat(produced).isEqualTo(records);
    assertThat(producedWrites).isEqualTo(writes);
    assertThat(gfns).allMatch(vm::containsGfn);
  }

  @Test
  void pagesAreRankedByAddressIntoTheGuestRun() throws IOException {
    Path trace = dir.resolve("t.lackey");
    Files.writeString(trace, "==1== header\nI  00403000,3\n S 7ff000010,8\n L 00401008,4\n\n M 00403ff8,8\n");
    LackeyTrace parsed = LackeyTraceReader.read(trace);

    assertThat(parsed.size()).isEqualTo(4);
    assertThat(parsed.distinctPages()).isEqualTo(3);
    assertThat(parsed.pageRank(0)).isEqualTo(1); // 0x403 is the second-lowest page
    assertThat(parsed.pageRank(1)).isEqualTo(2);
    assertThat(parsed.pageRank(2)).isZero();
    assertThat(parsed.isWrite(1)).isTrue();
    assertThat(parsed.isWrite(3)).isTrue();
    assertThat(parsed.isWrite(0)).isFalse();

    GuestPages twoPages = GuestPages.ofVm(TestVms.vm(1, TestVms.TWO_SLOTS, TestVms.trace(trace, false, 1)));
    TraceWorkload workload = new TraceWorkload(parsed, twoPages, 1, 100);
    long[] buf = new long[8];
    assertThat(workload.next(buf, 8)).isEqualTo(4);
    assertThat(Access.toGfn(buf[1])).isEqualTo(2);
  }

  @Test
  void malformedLineIsAnErrorWithItsLineNumber() throws IOException {
    Path trace = dir.resolve("bad.lackey");
    Files.writeString(trace, "I  00403000,3\n L 00401008\n");

    assertThatThrownBy(() -> LackeyTraceReader.read(trace))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(trace + ": line 2: malformed lackey record \" L 00401008\": "
            + "expected \"I|L|S|M <hex address>,<size>\"");
  }

  @Test
  void unknownRecordKindIsMalformed() {
    assertThat(LackeyTraceReader.parse(" X 1000,4")).isNegative();
    assertThat(LackeyTraceReader.parse(" L zz,4")).isNegative();
    assertThat(LackeyTraceReader.parse(" L 1000,4 extra")).isNegative();
    assertThat(LackeyTraceReader.parse(" S 2000,8")).isEqualTo((2L << 1) | 1);
  }

  @Test
  void binaryAndEmptyTracesAreOneLineWithFileAndLine() throws IOException {
    Path binary = dir.resolve("binary.lackey");
    Files.write(binary, new byte[] {' ', 'L', ' ', '1', ',', '8', '\n', (byte) 0x89, 'P', 'N', 'G', 0, 1, '\n'});
    assertThatThrownBy(() -> LackeyTraceReader.read(binary)).isInstanceOf(ScenarioException.class)
        .hasMessage(binary + ": line 2: binary data: expected \"I|L|S|M <hex address>,<size>\"");
    Path empty = dir.resolve("empty.lackey");
    Files.writeString(empty, "");
    assertThatThrownBy(() -> LackeyTraceReader.read(empty)).isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(empty + ": empty trace has no I/L/S/M records");
  }
}
