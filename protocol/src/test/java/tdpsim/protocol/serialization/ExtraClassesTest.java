package tdpsim.protocol.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;

class ExtraClassesTest {
  @Test
  void classFromExtraClassesConfigRoundTripsUnderItsConfiguredId() {
    ActorTestKit testKit = ActorTestKit.create("extra", ConfigFactory.parseString(
        "tdpsim.protocol.serialization.extra-classes { \"1000\" = "
            + "\"tdpsim.protocol.serialization.ProtocolSerializationTest$NotRegistered\" }"));
    try {
      Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
      var message = new ProtocolSerializationTest.NotRegistered(42);
      byte[] bytes = serialization.serialize(message).get();
      assertThat(bytes[0] & 0xff).as("varint of id 1000 + 2, low seven bits").isEqualTo((1002 & 0x7f) | 0x80);
      assertThat(serialization.deserialize(bytes, 7300, "").get()).isEqualTo(message);
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
