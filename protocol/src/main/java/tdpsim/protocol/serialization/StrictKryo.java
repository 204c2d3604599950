package tdpsim.protocol.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ByteArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.IntArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.LongArraySerializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.MapReferenceResolver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

/**
 * A Kryo that knows only the classes of {@link ProtocolRegistry} (plus configured extras): registration is
 * required, class names are refused when reading, and every actor-ref implementation class maps to the one
 * typed or classic actor-ref id. Not thread-safe, like every Kryo; {@link KryoSerializer} pools them.
 */
final class StrictKryo extends Kryo {
  /** Registers the whole table; {@code extras} are the configured id to class pairs (ids from 1000). */
  StrictKryo(ExtendedActorSystem system, Supplier<ActorRefResolver> resolver, Map<Integer, Class<?>> extras) {
    super(new NoNamesClassResolver(), new MapReferenceResolver());
    setRegistrationRequired(true);
    setReferences(false);

    register(byte[].class, new ByteArraySerializer(), ProtocolRegistry.BYTE_ARRAY_ID);
    register(int[].class, new IntArraySerializer(), ProtocolRegistry.INT_ARRAY_ID);
    register(long[].class, new LongArraySerializer(), ProtocolRegistry.LONG_ARRAY_ID);

    var lists = new ImmutableCollectionSerializers.ListSerializer();
    register(List.of().getClass(), lists, ProtocolRegistry.LIST_N_ID);
    register(List.of(1).getClass(), lists, ProtocolRegistry.LIST_12_ID);
    var maps = new ImmutableCollectionSerializers.MapSerializer();
    register(Map.of().getClass(), maps, ProtocolRegistry.MAP_N_ID);
    register(Map.of(1, 1).getClass(), maps, ProtocolRegistry.MAP_1_ID);
    var sets = new ImmutableCollectionSerializers.SetSerializer();
    register(Set.of().getClass(), sets, ProtocolRegistry.SET_N_ID);
    register(Set.of(1).getClass(), sets, ProtocolRegistry.SET_12_ID);

    register(ActorRef.class, new ActorRefSerializers.Typed(resolver), ProtocolRegistry.TYPED_ACTOR_REF_ID);
    register(org.apache.pekko.actor.ActorRef.class, new ActorRefSerializers.Classic(system),
        ProtocolRegistry.CLASSIC_ACTOR_REF_ID);

    // Records get Kryo's RecordSerializer (canonical constructor), enums its EnumSerializer (ordinal).
    ProtocolRegistry.messageIds().forEach((type, id) -> register(type, id));
    extras.forEach((id, type) -> register(type, id));
  }

  /**
   * Adds the actor-ref fallback and a clear refusal. A ref's concrete class (the typed adapter, a classic local,
   * repointable, remote or function ref, the system adapter, ...) is a Pekko internal that varies with the
   * provider and version, so instead of listing them, any class assignable to a typed or classic {@code ActorRef}
   * resolves to that interface's registration. The reader then gets the interface's id and calls the resolver.
   */
  @Override
  public Registration getRegistration(Class type) {
    Registration registration = getClassResolver().getRegistration(type);
    if (registration != null) {
      return registration;
    }
    if (ActorRef.class.isAssignableFrom(type)) {
      return getClassResolver().getRegistration(ActorRef.class);
    }
    if (org.apache.pekko.actor.ActorRef.class.isAssignableFrom(type)) {
      return getClassResolver().getRegistration(org.apache.pekko.actor.ActorRef.class);
    }
    if (type.isEnum() || !Enum.class.isAssignableFrom(type)) {
      throw new UnregisteredClassException(type);
    }
    return super.getRegistration(type); // an enum constant with a body: Kryo looks up its enum class
  }

  /** Thrown when writing an instance of a class without an id. */
  static final class UnregisteredClassException extends KryoException {
    private static final long serialVersionUID = 1L;

    UnregisteredClassException(Class<?> type) {
      super("class " + type.getName() + " has no id on the tdpsim Kryo wire: add it to ProtocolRegistry (or, for an"
          + " actor-private message, to tdpsim.protocol.serialization.extra-classes); see docs/wire.md");
    }
  }

  /** The default resolver without Kryo's by-name fallback: a class name on the wire is refused unread. */
  private static final class NoNamesClassResolver extends DefaultClassResolver {
    @Override
    protected Registration readName(Input input) {
      throw new KryoException("a class name on the tdpsim Kryo wire is refused: only registered class ids are read");
    }
  }
}
