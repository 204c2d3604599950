package tdpsim.main.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.Cli;

/** run --trace: JSON lines of the machine's events, bounded, byte-identical between deterministic runs. */
class TraceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void twoDeterministicRunsWriteByteIdenticalTraces() throws IOException {
    Path a = trace("a", "--modes", "shared-iopf");
    Path b = trace("b", "--modes", "shared-iopf");
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    List<String> lines = Files.readAllLines(a);
    Set<String> kinds = new TreeSet<>();
    for (String line : lines) {
      kinds.add(JSON.readTree(line).get("kind").asText());
    }
    // The default scenario's shared-iopf run reclaims pages under a device with ATS/PRI.
    assertThat(kinds).contains("fault", "spte-change", "zap", "tlb-flush", "iotlb-invalidation",
        "devtlb-invalidation", "page-request", "page-response", "trace-end");
    JsonNode zap = lines.stream().map(TraceTest::parse).filter(n -> n.get("kind").asText().equals("zap"))
        .findFirst().orElseThrow();
    assertThat(zap.get("cause").asText()).isEqualTo("reclaim");
    assertThat(zap.has("t") && zap.has("vm") && zap.has("entity") && zap.has("startGfn")).isTrue();
    JsonNode end = parse(lines.get(lines.size() - 1));
    assertThat(end.get("events").asLong()).isEqualTo(lines.size() - 1);
    assertThat(end.get("dropped").asLong()).isZero();
  }

  @Test
  void aMemslotEventTracesTheRootSwitchAndTheDrain() throws IOException {
    // zaps-avoided deletes a memslot every 2 ms from 1.5 ms: kvm_mmu_zap_all_fast, a root switch, and in a
    // shared design the IOMMU's PASID entry update with its page-request drain.
    Path t = trace("memslot", Cli.projectRoot().resolve("scenarios/zaps-avoided.conf").toString(), "--modes",
        "shared-iopf", "--trace-filter", "root-switch,drain,zap");
    Set<String> kinds = new TreeSet<>();
    for (String line : Files.readAllLines(t)) {
      kinds.add(parse(line).get("kind").asText());
    }
    assertThat(kinds).contains("root-switch", "drain", "zap", "trace-end");
  }

  @Test
  void limitAndFilterBoundTheTrace() throws IOException {
    Path t = trace("limited", "--modes", "shared-iopf", "--trace-filter", "fault,zap", "--trace-limit", "25");
    List<String> lines = Files.readAllLines(t);
    assertThat(lines).hasSize(26);
    for (String line : lines.subList(0, 25)) {
      assertThat(parse(line).get("kind").asText()).isIn("fault", "zap");
    }
    JsonNode end = parse(lines.get(25));
    assertThat(end.get("events").asLong()).isEqualTo(25);
    assertThat(end.get("overLimit").asLong()).isPositive();
  }

  @Test
  void unknownTraceKindIsAUsageError() {
    Cli.Result r = Cli.run("run", "--quiet", "--out", tmp.resolve("o").toString(), "--trace",
        tmp.resolve("t.jsonl").toString(), "--trace-filter", "faults");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown trace kind 'faults'").contains("page-request");
  }

  private Path trace(String name, String... extra) {
    Path file = tmp.resolve(name + ".jsonl");
    List<String> args = new java.util.ArrayList<>(List.of("run"));
    List<String> rest = new java.util.ArrayList<>(List.of(extra));
    if (!rest.isEmpty() && rest.get(0).endsWith(".conf")) {
      args.add(rest.remove(0));
    }
    args.addAll(List.of("--deterministic", "--quiet", "--out", tmp.resolve(name).toString(), "--trace",
        file.toString()));
    args.addAll(rest);
    Cli.Result r = Cli.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return file;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }
}
