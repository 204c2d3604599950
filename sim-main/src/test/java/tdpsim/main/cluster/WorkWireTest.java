package tdpsim.main.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.report.JsonReporter;
import tdpsim.main.report.ModeReport;
import tdpsim.main.report.RunReport;
import tdpsim.main.report.SimulatorReport;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;
import tdpsim.protocol.Experiment;
import tdpsim.protocol.Mode;
import tdpsim.protocol.serialization.KryoSerializer;

/** What crosses nodes for a work item: the assignment, the result, and how many bytes a result takes. */
class WorkWireTest {
  private static ActorTestKit kit;
  private static ModeResult sharedIopf;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("wire");
    sharedIopf = WorkRunner.run(new WorkItem(0, LoadedScenario.BUILTIN, Map.of(), Mode.SHARED_IOPF, 11, true));
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aDecodedReportRendersExactlyAsTheOriginalInReportJson() throws Exception {
    for (Mode mode : Mode.values()) {
      ModeReport original = WorkRunner.run(
          new WorkItem(0, LoadedScenario.BUILTIN, Map.of(), mode, 5, true)).report();
      ModeReport decoded = ModeReportCodec.decode(original.mode(), ModeReportCodec.encode(original));
      assertThat(json(decoded)).isEqualTo(json(original));
      assertThat(decoded).isEqualTo(original);
    }
  }

  @Test
  void overridesKeepTheirValueTypesAcrossTheWire() {
    Map<String, Object> overrides = new LinkedHashMap<>();
    overrides.put("tdpsim.scenario.a", 4);
    overrides.put("tdpsim.scenario.b", 0.25);
    overrides.put("tdpsim.scenario.c", "4 GiB");
    overrides.put("tdpsim.scenario.d", true);
    overrides.put("tdpsim.scenario.e", List.of(1, 2));
    Map<String, String> wire = WorkWire.toHocon(overrides);
    Map<String, Object> back = new LinkedHashMap<>();
    wire.forEach((k, v) -> back.put(k, WorkWire.fromHocon(v)));
    assertThat(back).isEqualTo(overrides);
  }

  @Test
  void theShippedScenarioIsWrittenOnTheMemberAsPlainData(@TempDir Path cache) throws Exception {
    String text = "{\"tdpsim\":{\"scenario\":{\"name\":\"shipped\"}}}";
    String local = WorkWire.localScenario("/no/such/dir/study.conf", text, cache);
    assertThat(Path.of(local).getFileName().toString()).isEqualTo("study.conf");
    assertThat(Files.readString(Path.of(local), StandardCharsets.UTF_8)).isEqualTo(text);
    assertThat(WorkWire.localScenario("/no/such/dir/study.conf", text, cache)).isEqualTo(local);
    assertThat(WorkWire.localScenario(LoadedScenario.BUILTIN, "", cache)).isEqualTo(LoadedScenario.BUILTIN);
  }

  @Test
  void aResultCrossesAsAFewHundredBytesToAFewKilobytesWithTheKryoSerializer() {
    ActorRef<Experiment.Progress> replyTo = kit.createTestProbe(Experiment.Progress.class).ref();
    WorkItem item = new WorkItem(0, LoadedScenario.BUILTIN, Map.of(), Mode.SHARED_IOPF, 11, true);
    ClusterSecret secret = ClusterSecret.of("wire-test-secret-0123456789", "tdpsim");
    Experiment.Run run = WorkWire.toRun("x0123456789abcdef", 0, item, "", replyTo, secret);
    Experiment.Finished finished = WorkWire.toFinished(run, "pekko://tdpsim@127.0.0.1:25520", sharedIopf, secret);

    Serialization serialization = SerializationExtension.get(kit.system().classicSystem());
    assertThat(serialization.findSerializerFor(finished)).isInstanceOf(KryoSerializer.class);
    byte[] resultBytes = serialization.serialize(finished).get();
    byte[] runBytes = serialization.serialize(run).get();
    System.out.printf("wire: Finished %d bytes (report JSON %d chars), Run %d bytes%n", resultBytes.length,
        finished.modeReportJson().length(), runBytes.length);
    assertThat(resultBytes.length).isBetween(200, 8192);

    Experiment.Finished back = (Experiment.Finished) serialization.deserialize(resultBytes,
        Experiment.Finished.class).get();
    assertThat(back).isEqualTo(finished);
    ModeResult result = WorkWire.toResult(back, Mode.SHARED_IOPF.configName());
    assertThat(result.report()).isEqualTo(sharedIopf.report());
    assertThat(result.events()).isEqualTo(sharedIopf.events());
  }

  private static String json(ModeReport mode) throws Exception {
    RunReport report = new RunReport("s", "o", 1, true, true, null, Map.of(mode.mode(), mode),
        new SimulatorReport(0, 0, 0, 0, 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonReporter().write(report, out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
