package tdpsim.protocol.serialization;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Sample instances of protocol classes built from their record components, so a new message needs no test
 * code: every primitive gets a distinct value, enums their last constant, refs the given ref, and collections
 * sizes that reach each JDK immutable class ({@code List12}, {@code ListN}, {@code Map1}, {@code MapN}).
 */
final class Samples {
  private final ActorRef<?> ref;
  private long next = 0x1234_5678_9abcL;

  Samples(ActorRef<?> ref) {
    this.ref = ref;
  }

  /** Every sample of {@code type}: each constant of an enum, or one instance of a record. */
  List<Object> of(Class<?> type) {
    if (type.isEnum()) {
      return Arrays.asList(type.getEnumConstants());
    }
    return List.of(record(type));
  }

  Object record(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException("no sample for " + type.getName() + ": neither a record nor an enum");
    }
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = value(components[i].getGenericType());
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      return constructor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a " + type.getName(), e);
    }
  }

  private Object value(Type type) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (raw == ActorRef.class) {
        return ref;
      }
      if (raw == List.class) {
        List<Object> elements = new ArrayList<>();
        int size = arguments[0] == String.class ? 3 : 2;
        for (int i = 0; i < size; i++) {
          elements.add(value(arguments[0]));
        }
        return List.copyOf(elements);
      }
      if (raw == Map.class) {
        if (arguments[1] == byte[].class) {
          return Map.of((String) value(arguments[0]), value(arguments[1]));
        }
        return Map.of(value(arguments[0]), value(arguments[1]), value(arguments[0]), value(arguments[1]));
      }
      throw new IllegalArgumentException("no sample for " + type);
    }
    Class<?> c = (Class<?>) type;
    long n = next++;
    if (c == long.class || c == Long.class) {
      return n;
    } else if (c == int.class || c == Integer.class) {
      return (int) -n;
    } else if (c == boolean.class) {
      return true;
    } else if (c == String.class) {
      return "s-\u00e9-" + n;
    } else if (c == byte[].class) {
      return new byte[] {1, (byte) n, -1};
    } else if (c == long[].class) {
      return new long[] {n, -n, Long.MAX_VALUE};
    } else if (c == int[].class) {
      return new int[] {(int) n, Integer.MIN_VALUE};
    } else if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return constants[constants.length - 1];
    } else if (c.isRecord()) {
      return record(c);
    }
    throw new IllegalArgumentException("no sample for " + c.getName() + ": teach Samples this component type");
  }
}
