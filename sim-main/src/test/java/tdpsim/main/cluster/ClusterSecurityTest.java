package tdpsim.main.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tdpsim.main.UserException;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.main.work.WorkRunner;
import tdpsim.protocol.Experiment;
import tdpsim.protocol.Mode;

/**
 * Who may join and submit work, and what a submitted scenario can make a member do (docs/cluster.md, threat
 * model).
 */
class ClusterSecurityTest {
  private static final ClusterSecret SECRET = ClusterSecret.of("the-right-secret-0123456789", "tdpsim");
  private static final ClusterSecret WRONG = ClusterSecret.of("another-secret-0123456789ab", "tdpsim");
  private static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aMemberWithoutTheSecretCannotJoin() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      ClusterNode founder = cluster.worker();
      assertThat(founder.awaitUp(TestCluster.FORMATION)).isTrue();
      Config outsider = ConfigFactory.parseString("tdpsim.cluster.secret-file = \""
          + TestCluster.secretFile("not-the-cluster-secret-0123") + "\"").withFallback(TestCluster.BASE);
      ClusterNode intruder = ClusterNode.start(outsider, List.of("127.0.0.1:" + founder.port()), true, true,
          WorkRunner::run);
      try {
        assertThat(intruder.awaitUp(Duration.ofSeconds(12))).as("a member with another secret is never up").isFalse();
        assertThat(Cluster.get(founder.system()).state().getMembers()).hasSize(1);
      } finally {
        intruder.system().terminate();
      }
    }
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aMemberThatJoinsDirectlyWithoutTheSecretIsDowned() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      ClusterNode founder = cluster.start(ConfigFactory.parseString("tdpsim.cluster.attest-timeout = 4s")
          .withFallback(TestCluster.BASE), true, false);
      assertThat(founder.awaitUp(TestCluster.FORMATION)).isTrue();
      // A plain Pekko member of the same name that sends Join straight to the founder: no seed-node handshake,
      // so no join check; only the attestation can find it out.
      Config plain = ConfigFactory.parseString("""
          pekko.actor.provider = cluster
          pekko.remote.artery.canonical.hostname = "127.0.0.1"
          pekko.remote.artery.canonical.port = 0
          pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
          pekko.loglevel = WARNING
          """).withFallback(ClusterNode.config(ConfigFactory.empty()));
      org.apache.pekko.actor.typed.ActorSystem<Void> intruder =
          org.apache.pekko.actor.typed.ActorSystem.create(Behaviors.empty(), "tdpsim", plain);
      try {
        Cluster.get(intruder).manager().tell(
            org.apache.pekko.cluster.typed.Join.create(Cluster.get(founder.system()).selfMember().address()));
        assertThat(intruder.getWhenTerminated().toCompletableFuture().get(40, TimeUnit.SECONDS))
            .as("the intruder was downed and shut itself down").isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (Cluster.get(founder.system()).state().members().size() > 1 && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(Cluster.get(founder.system()).state().getMembers()).hasSize(1);
      } finally {
        intruder.terminate();
      }
    }
  }

  @Test
  void anAssignmentWithoutTheSecretIsNeverRun(@TempDir Path cache) {
    AtomicInteger runs = new AtomicInteger();
    MemberWork work = new MemberWork("member", item -> {
      runs.incrementAndGet();
      return WorkRunner.run(item);
    }, 1, cache, SECRET);
    try {
      ActorRef<Experiment.Command> entity = kit.spawn(WorkEntity.create(work, Duration.ofSeconds(60), SECRET));
      TestProbe<Experiment.Progress> probe = kit.createTestProbe(Experiment.Progress.class);
      WorkItem item = new WorkItem(0, "builtin:default", Map.of("tdpsim.scenario.run.duration", "1ms"),
          Mode.SEPARATE, 1, true);
      Experiment.Run forged = WorkWire.toRun("x1", 0, item, "", probe.ref(), WRONG);
      entity.tell(forged);
      entity.tell(WorkWire.withMac(forged, "")); // no mac at all
      probe.expectNoMessage(Duration.ofMillis(500));
      assertThat(runs).hasValue(0);
      assertThat(work.refusedCount()).isEqualTo(2);

      entity.tell(WorkWire.toRun("x1", 0, item, "", probe.ref(), SECRET));
      Experiment.Started started = probe.expectMessageClass(Experiment.Started.class, Duration.ofSeconds(10));
      assertThat(SECRET.verifies(started)).isTrue();
      assertThat(WRONG.verifies(started)).isFalse();
      Experiment.Finished finished = probe.expectMessageClass(Experiment.Finished.class, Duration.ofSeconds(60));
      assertThat(SECRET.verifies(finished)).isTrue();
      assertThat(runs).hasValue(1);
    } finally {
      work.close();
    }
  }

  @Test
  void aSubmittedScenarioCannotMakeAMemberReadAFile(@TempDir Path dir) throws Exception {
    Path secretFile = dir.resolve("root-only.conf");
    Files.writeString(secretFile, "tdpsim.scenario.stolen = \"TOPSECRET-42\"\n");
    List<String> texts = List.of(
        "include file(\"" + secretFile + "\")",
        "{\"tdpsim\": {\"scenario\": {\"name\": \"x\"}}, include file(\"" + secretFile + "\")}",
        "tdpsim.scenario.name = ${?HOME}",
        "{\"tdpsim\":{\"scenario\":{\"vms\":[{\"name\":\"vm\",\"access\":{\"pattern\":\"trace\",\"trace-file\":\""
            + secretFile + "\"}}]}}}");
    AtomicInteger runs = new AtomicInteger();
    Function<WorkItem, ModeResult> runner = item -> {
      runs.incrementAndGet();
      return WorkRunner.run(item);
    };
    MemberWork work = new MemberWork("member", runner, 1, dir.resolve("cache"), SECRET);
    try {
      TestProbe<Experiment.Progress> probe = kit.createTestProbe(Experiment.Progress.class);
      ActorRef<Experiment.Command> entity = null;
      for (String text : texts) {
        assertThatThrownBy(() -> WorkWire.parseSubmitted(text)).isInstanceOf(UserException.class)
            .message().doesNotContain("TOPSECRET");
        entity = kit.spawn(WorkEntity.create(work, Duration.ofSeconds(60), SECRET));
        Experiment.Run run = new Experiment.Run("x2", 0, "/submitter/study.conf", SECRET.seal(text), Map.of(),
            Mode.SEPARATE, 1, true, probe.ref(), "");
        entity.tell(WorkWire.withMac(run, SECRET.mac(run)));
        probe.expectMessageClass(Experiment.Started.class, Duration.ofSeconds(10));
        Experiment.Failed failed = probe.expectMessageClass(Experiment.Failed.class, Duration.ofSeconds(10));
        assertThat(failed.reason()).as(text).contains("refused").doesNotContain("TOPSECRET");
      }
      // An override that names a file is refused the same way.
      Experiment.Run run = new Experiment.Run("x3", 0, "builtin:default", "",
          Map.of("tdpsim.defaults.vm.access.trace-file", SECRET.seal("\"" + secretFile + "\"")), Mode.SEPARATE, 1,
          true,
          probe.ref(), "");
      kit.spawn(WorkEntity.create(work, Duration.ofSeconds(60), SECRET)).tell(WorkWire.withMac(run, SECRET.mac(run)));
      probe.expectMessageClass(Experiment.Started.class, Duration.ofSeconds(10));
      assertThat(probe.expectMessageClass(Experiment.Failed.class, Duration.ofSeconds(10)).reason())
          .contains("names a file");
      assertThat(runs).as("nothing reached the simulator").hasValue(0);
    } finally {
      work.close();
    }
  }

  @Test
  void aMembersErrorDoesNotEchoTheValueOfAnUnknownKey(@TempDir Path dir) {
    MemberWork work = new MemberWork("member", WorkRunner::run, 1, dir, SECRET);
    try {
      TestProbe<Experiment.Progress> probe = kit.createTestProbe(Experiment.Progress.class);
      String text = "{\"tdpsim\":{\"scenario\":{\"stolen\":\"TOPSECRET-42\"}}}";
      Experiment.Run run = new Experiment.Run("x4", 0, "/submitter/study.conf", SECRET.seal(text), Map.of(),
          Mode.SEPARATE, 1, true, probe.ref(), "");
      kit.spawn(WorkEntity.create(work, Duration.ofSeconds(60), SECRET)).tell(WorkWire.withMac(run, SECRET.mac(run)));
      probe.expectMessageClass(Experiment.Started.class, Duration.ofSeconds(10));
      String reason = probe.expectMessageClass(Experiment.Failed.class, Duration.ofSeconds(30)).reason();
      assertThat(reason).contains("tdpsim.scenario.stolen", "unknown key").doesNotContain("TOPSECRET");
    } finally {
      work.close();
    }
  }

  @Test
  void theSubmitterSendsItsScenarioResolvedAsPlainData(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("part.conf"), "tdpsim.scenario.run.duration = 2ms\n");
    Path study = dir.resolve("study.conf");
    Files.writeString(study, "include \"part.conf\"\ntdpsim.scenario { name = study, seed = ${tdpsim.scenario.x}"
        + ", x = 7 }\n");
    String text = WorkWire.scenarioText(study.toString());
    assertThat(text).doesNotContain("include", "${");
    Config parsed = WorkWire.parseSubmitted(text);
    // On the wire the scenario and overrides are sealed: a process without the secret reads nothing of them.
    WorkItem item = new WorkItem(0, study.toString(), Map.of("tdpsim.scenario.name", "visible"), Mode.SEPARATE, 1,
        true);
    Experiment.Run run = WorkWire.toRun("x6", 0, item, text, kit.createTestProbe(Experiment.Progress.class).ref(),
        SECRET);
    assertThat(run.scenarioText()).doesNotContain("study", "2ms");
    assertThat(run.overrides().get("tdpsim.scenario.name")).doesNotContain("visible");
    assertThat(SECRET.open(run.scenarioText())).isEqualTo(text);
    assertThatThrownBy(() -> WRONG.open(run.scenarioText())).isInstanceOf(UserException.class);
    assertThat(parsed.getString("tdpsim.scenario.run.duration")).isEqualTo("2ms");
    assertThat(parsed.getInt("tdpsim.scenario.seed")).isEqualTo(7);

    Path traced = dir.resolve("traced.conf");
    Files.writeString(traced, "tdpsim.scenario.vms = [{ name = vm, access { pattern = trace, trace-file = t.lackey }"
        + " }]\n");
    assertThatThrownBy(() -> WorkWire.scenarioText(traced.toString())).isInstanceOf(UserException.class)
        .hasMessageContaining("trace-file names a file");
  }

  @Test
  void aClusterSecretReadableByOthersIsRefusedAndAMissingOneIsCreatedPrivate(@TempDir Path dir) throws Exception {
    Path open = dir.resolve("open");
    Files.writeString(open, "some-long-enough-secret-012345");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ClusterSecret.load(open, "tdpsim")).isInstanceOf(UserException.class)
        .hasMessageContaining("readable by others");

    Path created = dir.resolve("new/cluster-secret");
    ClusterSecret a = ClusterSecret.load(created, "tdpsim");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rw-------");
    assertThat(Files.readString(created, StandardCharsets.UTF_8).strip()).hasSize(64);
    assertThat(ClusterSecret.load(created, "tdpsim").joinProof()).isEqualTo(a.joinProof());
    assertThat(ClusterSecret.load(created, "other-cluster").joinProof()).isNotEqualTo(a.joinProof());
  }

  @Test
  void aNonLoopbackHostWithoutTlsIsRefusedUnlessInsecure() {
    Config base = ClusterNode.config(ConfigFactory.empty());
    ClusterSettings lan = ClusterSettings.from(ConfigFactory.parseString("tdpsim.cluster.host = \"10.1.2.3\"")
        .withFallback(base));
    assertThatThrownBy(() -> ClusterNode.checkTransport(lan, base)).isInstanceOf(UserException.class)
        .hasMessageContaining("not a loopback address").hasMessageContaining("--insecure");
    ClusterSettings any = ClusterSettings.from(ConfigFactory.parseString("tdpsim.cluster.host = \"0.0.0.0\"")
        .withFallback(base));
    assertThatThrownBy(() -> ClusterNode.checkTransport(any, base)).isInstanceOf(UserException.class);
    ClusterNode.checkTransport(ClusterSettings.from(base), base); // 127.0.0.1
    ClusterNode.checkTransport(ClusterSettings.from(ConfigFactory.parseString(
        "tdpsim.cluster { host = \"10.1.2.3\", insecure = on }").withFallback(base)), base);
    Config tls = ConfigFactory.parseString("pekko.remote.artery.transport = tls-tcp").withFallback(base);
    ClusterNode.checkTransport(lan, tls);
  }

  /** A simulator message with no Kryo id. */
  record Unregistered(String text) implements Experiment.Internal {}

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void anUnregisteredClassIsRefusedOnTheWireBetweenMembers() throws Exception {
    assertThat(ClusterNode.config(ConfigFactory.empty()).getBoolean("pekko.actor.allow-java-serialization"))
        .as("Java serialization stays off").isFalse();
    try (TestCluster cluster = new TestCluster()) {
      ClusterNode a = cluster.worker();
      ClusterNode b = cluster.worker();
      cluster.awaitAllUp();
      List<Object> received = new CopyOnWriteArrayList<>();
      Behavior<Object> sink = Behaviors.receiveMessage(m -> {
        received.add(m);
        return Behaviors.same();
      });
      ActorRef<Object> onB = b.system().systemActorOf(sink, "sink", Props.empty());
      String path = ActorRefResolver.get(b.system()).toSerializationFormat(onB);
      ActorRef<Object> fromA = ActorRefResolver.get(a.system()).resolveActorRef(path);

      fromA.tell(new Unregistered("should not cross"));
      Experiment.Started registered = new Experiment.Started("x5", 0, "a", "");
      fromA.tell(registered);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (received.isEmpty() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      TimeUnit.MILLISECONDS.sleep(300);
      assertThat(received).as("only the registered message crossed").containsExactly(registered);

      // Bytes naming a class instead of a registered id are refused by the receiving member, unread.
      Serialization serialization = SerializationExtension.get(b.system().classicSystem());
      int kryoId = serialization.findSerializerFor(registered).identifier();
      com.esotericsoftware.kryo.io.Output output = new com.esotericsoftware.kryo.io.Output(64);
      output.writeVarInt(1, true); // Kryo's "class by name" marker
      output.writeVarInt(0, true);
      output.writeString("java.lang.ProcessBuilder");
      assertThatThrownBy(() -> serialization.deserialize(output.toBytes(), kryoId, "").get())
          .hasMessageContaining("class name");
    }
  }
}
