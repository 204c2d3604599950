package tdpsim.protocol.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import com.typesafe.config.Config;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.BaseSerializer$;
import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko serializer for every {@code tdpsim.protocol.SimMessage} (bound in this module's reference.conf), over a
 * pool of {@link StrictKryo}s. The format is a plain Kryo stream whose first varint is the class id from
 * {@link ProtocolRegistry}; docs/wire.md describes it.
 *
 * <p>It is a plain {@link JSerializer} without manifest: the class id inside the bytes already says what to
 * build, so a string manifest would repeat it (and a class-name manifest is what this format exists to avoid).
 * The messages are small control records, so the {@code ByteBufferSerializer} path, which saves one array copy
 * in Artery, is not worth a second code path yet.
 */
public final class KryoSerializer extends JSerializer {
  /** Configuration root of this serializer's own keys. */
  public static final String CONFIG_PATH = "tdpsim.protocol.serialization";

  private static final int INITIAL_BUFFER_BYTES = 256;
  /** A pooled output that grew past this is dropped rather than kept (one odd large message). */
  private static final int RETAINED_BUFFER_BYTES = 64 * 1024;

  private final int identifier;
  private final Pool<Codec> pool;

  public KryoSerializer(ExtendedActorSystem system) {
    this.identifier = BaseSerializer$.MODULE$.identifierFromConfig(getClass(), system);
    Config config = system.settings().config().getConfig(CONFIG_PATH);
    Map<Integer, Class<?>> extras = extraClasses(config, system.dynamicAccess().classLoader());
    ResolverHolder resolver = new ResolverHolder(system);
    this.pool = new Pool<>(true, false, config.getInt("pool-size")) {
      @Override
      protected Codec create() {
        return new Codec(new StrictKryo(system, resolver::get, extras));
      }
    };
  }

  @Override
  public int identifier() {
    return identifier;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object message) {
    Codec codec = pool.obtain();
    try {
      codec.output.reset();
      codec.kryo.writeClassAndObject(codec.output, message);
      return codec.output.toBytes();
    } finally {
      release(codec);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    Codec codec = pool.obtain();
    try {
      codec.input.setBuffer(bytes);
      Object message = codec.kryo.readClassAndObject(codec.input);
      if (codec.input.position() != bytes.length) {
        throw new KryoException(
            (bytes.length - codec.input.position()) + " trailing bytes after a " + typeName(message));
      }
      return message;
    } finally {
      codec.input.setBuffer(new byte[0]);
      release(codec);
    }
  }

  private void release(Codec codec) {
    if (codec.output.getBuffer().length > RETAINED_BUFFER_BYTES) {
      codec.output.setBuffer(new byte[INITIAL_BUFFER_BYTES], -1);
    }
    pool.free(codec);
  }

  private static String typeName(Object message) {
    return message == null ? "null" : message.getClass().getName();
  }

  /**
   * The configured extra registrations ({@code extra-classes}, id to class name), read once at startup from
   * trusted configuration; this is the only place a class is looked up by name.
   */
  private static Map<Integer, Class<?>> extraClasses(Config config, ClassLoader loader) {
    Map<Integer, Class<?>> extras = new TreeMap<>();
    Config table = config.getConfig("extra-classes");
    for (String key : table.root().keySet()) {
      int id = Integer.parseInt(key);
      if (id < ProtocolRegistry.FIRST_EXTRA_ID) {
        throw new IllegalArgumentException(
            CONFIG_PATH + ".extra-classes id " + id + " must be at least " + ProtocolRegistry.FIRST_EXTRA_ID);
      }
      String className = table.getString("\"" + key + "\"");
      try {
        extras.put(id, Class.forName(className, false, loader));
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(CONFIG_PATH + ".extra-classes: no class " + className, e);
      }
    }
    return extras;
  }

  /** One Kryo with its reusable buffers; a pool entry. */
  private static final class Codec {
    final StrictKryo kryo;
    final Output output = new Output(INITIAL_BUFFER_BYTES, -1);
    final Input input = new Input();

    Codec(StrictKryo kryo) {
      this.kryo = kryo;
    }
  }

  /**
   * Gets the {@link ActorRefResolver} on first use: the serializer may be built while the system starts, before
   * its extensions can be created.
   */
  private static final class ResolverHolder {
    private final ExtendedActorSystem system;
    private volatile ActorRefResolver resolver;

    ResolverHolder(ExtendedActorSystem system) {
      this.system = system;
    }

    ActorRefResolver get() {
      ActorRefResolver r = resolver;
      if (r == null) {
        r = ActorRefResolver.get(Adapter.toTyped(system));
        resolver = r;
      }
      return r;
    }
  }
}
