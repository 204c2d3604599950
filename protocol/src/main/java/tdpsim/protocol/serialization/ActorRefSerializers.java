package tdpsim.protocol.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.serialization.Serialization;

/**
 * Actor references on the wire: the full path with address and uid, as Pekko's own serializers write them, and
 * resolved against the receiving system. Every implementation class shares one id per flavour (typed, classic);
 * see {@link StrictKryo#getRegistration(Class)}.
 */
final class ActorRefSerializers {
  private ActorRefSerializers() {}

  /** Typed {@link ActorRef}s through {@link ActorRefResolver}. */
  static final class Typed extends Serializer<ActorRef<?>> {
    private final Supplier<ActorRefResolver> resolver;

    /** {@code resolver} is asked on first use, so building a Kryo never touches extensions during startup. */
    Typed(Supplier<ActorRefResolver> resolver) {
      this.resolver = resolver;
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, ActorRef<?> ref) {
      output.writeString(resolver.get().toSerializationFormat(ref));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
      return resolver.get().resolveActorRef(input.readString());
    }
  }

  /** Classic {@link org.apache.pekko.actor.ActorRef}s through the system's ref provider. */
  static final class Classic extends Serializer<org.apache.pekko.actor.ActorRef> {
    private final ExtendedActorSystem system;

    Classic(ExtendedActorSystem system) {
      this.system = system;
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, org.apache.pekko.actor.ActorRef ref) {
      output.writeString(Serialization.serializedActorPath(ref));
    }

    @Override
    public org.apache.pekko.actor.ActorRef read(
        Kryo kryo, Input input, Class<? extends org.apache.pekko.actor.ActorRef> type) {
      return system.provider().resolveActorRef(input.readString());
    }
  }
}
