package tdpsim.protocol.serialization;

import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Deep equality for received messages: records component by component, arrays and collections by content, and
 * actor refs by a caller-given rule (a ref that crossed nodes is a different object naming the same actor).
 */
final class WireEquality {
  private WireEquality() {}

  static boolean isEqual(Object expected, Object actual, BiPredicate<ActorRef<?>, ActorRef<?>> sameRef) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    if (expected instanceof ActorRef<?> e) {
      return actual instanceof ActorRef<?> a && sameRef.test(e, a);
    }
    if (expected.getClass().isRecord()) {
      if (expected.getClass() != actual.getClass()) {
        return false;
      }
      for (RecordComponent component : expected.getClass().getRecordComponents()) {
        try {
          Object e = component.getAccessor().invoke(expected);
          Object a = component.getAccessor().invoke(actual);
          if (!isEqual(e, a, sameRef)) {
            return false;
          }
        } catch (ReflectiveOperationException ex) {
          throw new IllegalStateException(ex);
        }
      }
      return true;
    }
    if (expected instanceof List<?> e) {
      if (!(actual instanceof List<?> a) || e.size() != a.size()) {
        return false;
      }
      Iterator<?> ai = a.iterator();
      for (Object element : e) {
        if (!isEqual(element, ai.next(), sameRef)) {
          return false;
        }
      }
      return true;
    }
    if (expected instanceof Map<?, ?> e) {
      if (!(actual instanceof Map<?, ?> a) || !e.keySet().equals(a.keySet())) {
        return false;
      }
      for (Map.Entry<?, ?> entry : e.entrySet()) {
        if (!isEqual(entry.getValue(), a.get(entry.getKey()), sameRef)) {
          return false;
        }
      }
      return true;
    }
    return Objects.deepEquals(expected, actual);
  }
}
