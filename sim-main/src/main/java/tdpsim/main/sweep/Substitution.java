package tdpsim.main.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sweep variables in {@code sweep.template}: a string that is exactly {@code "$name"} anywhere in a template
 * value (inside objects and lists too) stands for the value of variable {@code name} at the point. Works on
 * unwrapped HOCON (maps, lists, strings, numbers, booleans).
 */
final class Substitution {
  private Substitution() {}

  /** Adds the names of the variables {@code value} refers to. */
  static void collectReferences(Object value, Set<String> out) {
    if (value instanceof String s && isReference(s)) {
      out.add(s.substring(1));
    } else if (value instanceof Map<?, ?> m) {
      m.values().forEach(v -> collectReferences(v, out));
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collectReferences(v, out));
    }
  }

  /** A copy of {@code value} with every reference replaced by its variable's value. */
  static Object apply(Object value, Map<String, Object> variables) {
    if (value instanceof String s && isReference(s)) {
      Object v = variables.get(s.substring(1));
      if (v == null) {
        throw new IllegalArgumentException("undefined sweep variable " + s);
      }
      return v;
    } else if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put((String) k, apply(v, variables)));
      return out;
    } else if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(apply(v, variables)));
      return out;
    }
    return value;
  }

  private static boolean isReference(String s) {
    return s.length() > 1 && s.charAt(0) == '$' && s.substring(1).matches("[A-Za-z][A-Za-z0-9_-]*");
  }
}
