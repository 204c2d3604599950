package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through {@link Main#execute}: the run command's files, determinism and one-line user errors. */
class RunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void defaultScenarioWritesEveryReportAndChart() {
    Path out = tmp.resolve("out");
    Cli.Result r = Cli.run("run", "--deterministic", "--quiet", "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    for (String f : new String[] {"report.json", "report.csv", "report.html", "report.txt"}) {
      assertThat(out.resolve(f)).isNotEmptyFile();
    }
    for (String chart : new String[] {"chart-table-bytes", "chart-faults", "chart-invalidations",
        "chart-latency-cdf-vcpuFault", "chart-latency-cdf-devicePageRequest"}) {
      assertThat(out.resolve(chart + ".png")).isNotEmptyFile();
      assertThat(out.resolve(chart + ".svg")).isNotEmptyFile();
    }
  }

  /**
   * The default fault cost is heavy-tailed (tdp-fault lognormal, median 2 us, p99 24 us), so a default run's
   * vCPU faults have a tail, and every latency kind gives count, mean, p50, p90, p99, p99.9 and max in order.
   */
  @Test
  void defaultRunShowsTheFaultTail() throws IOException {
    Path out = tmp.resolve("tail");
    Cli.Result r = Cli.run("run", "--deterministic", "--quiet", "--modes", "separate,shared-iopf", "--out",
        out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode modes = JSON.readTree(out.resolve("report.json").toFile()).get("modes");
    for (String mode : new String[] {"separate", "shared-iopf"}) {
      JsonNode fault = modes.get(mode).get("latencyNs").get("vcpuFault");
      java.util.List<String> fields = new java.util.ArrayList<>();
      fault.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("count", "mean", "p50", "p90", "p99", "p99.9", "max");
      assertThat(fault.get("p99").asLong()).as(mode).isGreaterThan(fault.get("p50").asLong());
      assertThat(fault.get("p90").asLong()).isBetween(fault.get("p50").asLong(), fault.get("p99").asLong());
    }
    JsonNode queues = modes.get("shared-iopf").get("queues");
    assertThat(queues.get("iommuQi").get("waitKind").asText()).isEqualTo("iommuQiWait");
    assertThat(queues.get("prqWorkqueue").get("servers").asLong()).isEqualTo(4);
    assertThat(queues.get("zeroing").get("utilisation").asDouble()).isBetween(0.0, 1.0);
    assertThat(modes.get("shared-iopf").get("latencyNs").has("prqIrqWait")).isTrue();
  }

  @Test
  void everyDesignOfTheDefaultRunFinishesItsWork() throws IOException {
    // The built-in scenario promises equal work: each design does its 16,000 accesses and 4 MiB of DMA inside the cap.
    Path out = tmp.resolve("equal");
    Cli.Result r = Cli.run("run", "--deterministic", "--quiet", "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode modes = JSON.readTree(out.resolve("report.json").toFile()).get("modes");
    modes.fields().forEachRemaining(m -> {
      assertThat(m.getValue().get("workComplete").asBoolean()).as(m.getKey()).isTrue();
      assertThat(m.getValue().get("counters").get("vcpuAccesses").asLong()).as(m.getKey()).isEqualTo(16_000);
    });
  }

  @Test
  void twoDeterministicRunsGiveTheSameReportApartFromTheSimulatorSection() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertThat(Cli.run("run", "--deterministic", "--quiet", "--out", a.toString()).exitCode()).isZero();
    assertThat(Cli.run("run", "--deterministic", "--quiet", "--out", b.toString()).exitCode()).isZero();

    String ja = Files.readString(a.resolve("report.json"));
    String jb = Files.readString(b.resolve("report.json"));
    // simulator is the last field of report.json: compare every byte before it.
    int cut = ja.indexOf("\"simulator\"");
    assertThat(cut).isPositive();
    assertThat(jb.indexOf("\"simulator\"")).isEqualTo(cut);
    assertThat(jb.substring(0, cut)).isEqualTo(ja.substring(0, cut));
    assertThat(JSON.readTree(ja).get("modes").size()).isEqualTo(5);
  }

  @Test
  void seedOptionChangesTheReportedSeed() throws IOException {
    Path out = tmp.resolve("seeded");
    Cli.Result r = Cli.run("run", "--deterministic", "--quiet", "--seed", "12345", "--modes", "shared-iopf",
        "--out", out.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.get("seed").asLong()).isEqualTo(12345L);
    assertThat(report.get("modes").fieldNames()).toIterable().containsExactly("shared-iopf");
  }

  @Test
  void unknownModeIsOneLineAndExitTwo() {
    Cli.Result r = Cli.run("run", "--quiet", "--modes", "separate,bogus", "--out", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString()
        .contains("unknown mode 'bogus'").contains("shared-iopf");
  }

  @Test
  void missingScenarioFileIsOneLineAndExitTwo() {
    Path missing = tmp.resolve("nope.conf");
    Cli.Result r = Cli.run("run", missing.toString(), "--quiet", "--out", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString().contains(missing.toString()).contains("cannot read");
  }

  @Test
  void badValueIsOneLineNamingKeyAndValue() throws IOException {
    Path f = tmp.resolve("bad-value.conf");
    Files.writeString(f, "tdpsim.scenario.run.duration = -1ms\n");
    Cli.Result r = Cli.run("run", f.toString(), "--quiet", "--out", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString()
        .contains(f.toString()).contains("tdpsim.scenario.run.duration").contains("-1ms");
  }

  @Test
  void unknownKeyIsOneLineWithDidYouMean() throws IOException {
    Path f = tmp.resolve("typo.conf");
    Files.writeString(f, "tdpsim.scenario.vms = [{ name = vm, vcpu = 4 }]\n");
    Cli.Result r = Cli.run("run", f.toString(), "--quiet", "--out", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString()
        .contains("tdpsim.scenario.vms[0].vcpu").contains("did you mean tdpsim.scenario.vms[0].vcpus?");
  }

  @Test
  void badKvmSettingIsOneLineNamingFileAndKey() throws IOException {
    Path f = tmp.resolve("bad-kvm.conf");
    Files.writeString(f, "tdpsim.scenario.vms = [{ name = vm }]\ntdpsim.kvm.slot-zap-all = sometimes\n");
    Cli.Result r = Cli.run("run", f.toString(), "--quiet", "--out", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString()
        .contains(f.toString()).contains("tdpsim.kvm.slot-zap-all").contains("true or false");
  }

  @Test
  void kvmSettingTypoIsOneLineWithDidYouMean() throws IOException {
    Path f = tmp.resolve("kvm-typo.conf");
    Files.writeString(f, "tdpsim.kvm.skip-zap-export = false\n");
    Cli.Result r = Cli.run("run", f.toString(), "--quiet", "--out", tmp.toString());

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.errLines()).singleElement().asString()
        .contains("tdpsim.kvm.skip-zap-export").contains("did you mean tdpsim.kvm.skip-zap-exported?");
  }
}
