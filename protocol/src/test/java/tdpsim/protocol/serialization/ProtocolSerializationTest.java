package tdpsim.protocol.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tdpsim.protocol.EntityStats;
import tdpsim.protocol.MigrationReport;
import tdpsim.protocol.RoundStats;
import tdpsim.protocol.SimMessage;
import tdpsim.protocol.Vcpu;

class ProtocolSerializationTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;
  private static KryoSerializer kryo;
  private static TestProbe<SimMessage> probe;

  /** A message nobody registered. */
  public record NotRegistered(long gfn) implements SimMessage {}

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("serialization");
    serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    probe = testKit.createTestProbe();
    kryo = (KryoSerializer) serialization.findSerializerFor(new Vcpu.TlbFlushed(1, 2, 3));
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void simMessageIsBoundToKryoWithItsFixedIdentifier() {
    assertThat(kryo.identifier()).isEqualTo(7300);
    assertThat(kryo.includeManifest()).isFalse();
  }

  @Test
  void everyRegisteredClassRoundTripsThroughPekkoSerialization() {
    Samples samples = new Samples(probe.ref());
    int checked = 0;
    for (Class<?> type : ProtocolRegistry.messageIds().keySet()) {
      for (Object sample : samples.of(type)) {
        if (sample instanceof SimMessage) {
          assertThat(serialization.findSerializerFor(sample)).as(type.getName()).isSameAs(kryo);
        }
        Object back = roundTrip(sample);
        assertThat(WireEquality.isEqual(sample, back, Object::equals))
            .as("%s came back as %s", sample, back)
            .isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(ProtocolRegistry.messageIds().size());
  }

  /**
   * A migration's report crosses the wire inside its entity's stats: round 1 (the bulk copy) has no dirty counts
   * and every other entity has no migration, so both nulls must survive; the figures are the ones sent.
   */
  @Test
  void migrationReportWithItsNullsRoundTripsInsideEntityStats() {
    MigrationReport report = new MigrationReport(1, 2, 1_000 + 40, 9_000, 500, 3, true, List.of(0x42L),
        List.of(new RoundStats(1, 1_000, null, 0, 8_000),
            new RoundStats(2, 40, new RoundStats.Dirtied(40, 30, 7, 3), 200, 900)));
    EntityStats withReport = new EntityStats("vm1.migration", Map.of("messages", 5L), Map.of(), List.of(), report);
    EntityStats without = new EntityStats("vcpu-0", Map.of(), Map.of(), List.of());

    EntityStats back = (EntityStats) roundTrip(withReport);
    assertThat(back.migration()).isEqualTo(report);
    assertThat(back.migration().perRound().get(0).dirtied()).isNull();
    assertThat(back.migration().perRound().get(1).dirtied().dirtiedByDevice()).isEqualTo(7);
    assertThat(((EntityStats) roundTrip(without)).migration()).isNull();
  }

  @Test
  void collectionsComeBackImmutableAndOfTheSameShape() {
    List<Object> samples = List.of(
        List.of(), List.of("a"), List.of("a", "b"), List.of("a", "b", "c"), List.copyOf(new ArrayList<>(
            List.of(1L, 2L, 3L, 4L))),
        Map.of(), Map.of("k", 1L), Map.of("k", 1L, "l", 2L), Map.copyOf(Map.of("h", new byte[] {1, 2})),
        Set.of(), Set.of(1), Set.of(1, 2, 3));
    for (Object sample : samples) {
      Object back = roundTrip(sample);
      assertThat(back).as("%s", sample).hasSameClassAs(sample);
      assertThat(WireEquality.isEqual(sample, back, Object::equals)).as("%s", sample).isTrue();
    }
    @SuppressWarnings("unchecked")
    List<String> list = (List<String>) roundTrip(List.of("a", "b", "c"));
    assertThatThrownBy(() -> list.add("d")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void arraysRoundTripByContent() {
    assertThat((byte[]) roundTrip(new byte[] {0, -1, 127})).containsExactly(0, -1, 127);
    assertThat((long[]) roundTrip(new long[] {Long.MIN_VALUE, 0, 7})).containsExactly(Long.MIN_VALUE, 0, 7);
    assertThat((int[]) roundTrip(new int[] {-3, 4})).containsExactly(-3, 4);
  }

  @Test
  void typedAndClassicActorRefsResolveToTheSameActor() {
    ActorRef<?> typed = probe.ref();
    assertThat(roundTrip(typed)).isEqualTo(typed);
    ActorRef<?> system = testKit.system();
    assertThat(roundTrip(system)).isEqualTo(system);
    org.apache.pekko.actor.ActorRef classic = Adapter.toClassic(probe.ref());
    assertThat(roundTrip(classic)).isEqualTo(classic);
  }

  @Test
  void unregisteredClassIsRefusedNamingTheClass() {
    assertThatThrownBy(() -> serialization.serialize(new NotRegistered(1)).get())
        .hasMessageContaining(NotRegistered.class.getName())
        .hasMessageContaining("ProtocolRegistry");
    assertThatThrownBy(() -> kryo.toBinary(new Canary()))
        .hasMessageContaining(Canary.class.getName());
  }

  @Test
  void unregisteredClassNestedInAMessageIsRefused() {
    EntityStats stats = new EntityStats("vcpu-0", Map.of(), Map.of(), List.of());
    Object mutableInside = List.of(new ArrayList<>(List.of(stats)));
    assertThatThrownBy(() -> kryo.toBinary(mutableInside)).hasMessageContaining("java.util.ArrayList");
  }

  @Test
  void classNameOnTheWireIsRefusedWithoutLoadingTheClass() {
    Output output = new Output(64);
    output.writeVarInt(1, true); // Kryo's "class by name" marker
    output.writeVarInt(0, true);
    output.writeString("tdpsim.protocol.serialization.NameCanary");
    byte[] bytes = output.toBytes();
    assertThatThrownBy(() -> serialization.deserialize(bytes, kryo.identifier(), "").get())
        .hasMessageContaining("class name")
        .hasMessageContaining("refused");
    assertThat(System.getProperty("tdpsim.test.name-canary-initialized")).isNull();
  }

  @Test
  void unknownIdIsRefused() {
    Output output = new Output(8);
    output.writeVarInt(999 + 2, true);
    byte[] bytes = output.toBytes();
    assertThatThrownBy(() -> kryo.fromBinary(bytes)).hasMessageContaining("999");
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] good = kryo.toBinary(new Vcpu.TlbFlushed(1, 2, 3));
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> kryo.fromBinary(longer)).hasMessageContaining("trailing");
  }

  @Test
  void pooledKryosAreSafeAcrossThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            Vcpu.TlbFlushed sent = new Vcpu.TlbFlushed(i, thread, i * 1000L);
            assertThat(kryo.fromBinary(kryo.toBinary(sent))).isEqualTo(sent);
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Through Pekko's serialization: the SimMessage binding for messages, the Kryo serializer for parts. */
  private static Object roundTrip(Object message) {
    byte[] bytes = message instanceof SimMessage
        ? serialization.serialize(message).get()
        : kryo.toBinary(message);
    return serialization.deserialize(bytes, kryo.identifier(), "").get();
  }
}
