package tdpsim.main.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The key paths of the scenario schema ({@code tdpsim.*} in the merged reference.conf), objects included. */
final class ReferenceKeys {
  private ReferenceKeys() {}

  static Set<String> all(Config reference) {
    Set<String> out = new TreeSet<>();
    if (reference.hasPath("tdpsim")) {
      walk(reference.getObject("tdpsim"), "tdpsim", out);
    }
    return out;
  }

  private static void walk(ConfigObject obj, String prefix, Set<String> out) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      String path = prefix + "." + e.getKey();
      out.add(path);
      if (e.getValue().valueType() == ConfigValueType.OBJECT) {
        walk((ConfigObject) e.getValue(), path, out);
      }
    }
  }
}
