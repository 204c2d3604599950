package tdpsim.protocol.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serializers for the JDK's immutable collections ({@code List.of}, {@code List.copyOf}, {@code Map.copyOf},
 * {@code Set.of}). Their classes are JDK-private, so they are written through the public interface only: a size
 * then each element with its class id, and read back through the same factories, so the receiver gets an
 * immutable collection again. Nulls cannot occur (these collections refuse them).
 */
final class ImmutableCollectionSerializers {
  private ImmutableCollectionSerializers() {}

  /** A collection size, refused when the rest of the buffer could not hold that many elements (a corrupt frame). */
  static int readSize(Input input) {
    int size = input.readVarInt(true);
    if (size > input.limit() - input.position()) {
      throw new KryoException("collection size " + size + " exceeds the remaining " + (input.limit() - input.position())
          + " bytes");
    }
    return size;
  }

  /** {@code ImmutableCollections$ListN} and {@code $List12}. */
  static final class ListSerializer extends Serializer<List<?>> {
    ListSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, List<?> list) {
      output.writeVarInt(list.size(), true);
      for (Object element : list) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
      Object[] elements = new Object[readSize(input)];
      for (int i = 0; i < elements.length; i++) {
        elements[i] = kryo.readClassAndObject(input);
      }
      return List.of(elements);
    }
  }

  /** {@code ImmutableCollections$SetN} and {@code $Set12}. */
  static final class SetSerializer extends Serializer<Set<?>> {
    SetSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Set<?> set) {
      output.writeVarInt(set.size(), true);
      for (Object element : set) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public Set<?> read(Kryo kryo, Input input, Class<? extends Set<?>> type) {
      Object[] elements = new Object[readSize(input)];
      for (int i = 0; i < elements.length; i++) {
        elements[i] = kryo.readClassAndObject(input);
      }
      return Set.of(elements);
    }
  }

  /** {@code ImmutableCollections$MapN} and {@code $Map1}: a size, then key and value pairs. */
  static final class MapSerializer extends Serializer<Map<?, ?>> {
    MapSerializer() {
      setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map<?, ?> map) {
      output.writeVarInt(map.size(), true);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        kryo.writeClassAndObject(output, entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
      Map.Entry<Object, Object>[] entries = new Map.Entry[readSize(input)];
      for (int i = 0; i < entries.length; i++) {
        Object key = kryo.readClassAndObject(input);
        entries[i] = Map.entry(key, kryo.readClassAndObject(input));
      }
      return Map.ofEntries(entries);
    }
  }
}
