package tdpsim.loadgen.scenario;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds keys the user wrote that the schema does not have ({@code checkValid} only checks keys that exist). It
 * walks the user's own config, not the merged one, against the reference; elements of the scenario lists are
 * checked against their {@code tdpsim.defaults.*} object, nested lists (memslots) against the reference list's
 * first element. A miss names the nearest valid key by edit distance.
 */
final class UnknownKeys {
  /** Element templates of the scenario lists, by reference path of the list. */
  private static final Map<String, String> ELEMENT_TEMPLATES = Map.of(
      "tdpsim.scenario.vms", "tdpsim.defaults.vm",
      "tdpsim.scenario.devices", "tdpsim.defaults.device",
      "tdpsim.scenario.host-events", "tdpsim.defaults.host-event",
      "tdpsim.scenario.migrations", "tdpsim.defaults.migration");

  private final String origin;
  private final ConfigObject referenceRoot;

  private UnknownKeys(String origin, ConfigObject referenceRoot) {
    this.origin = origin;
    this.referenceRoot = referenceRoot;
  }

  /**
   * Throws a {@link ScenarioException} for the first (in key order) key of {@code user} missing from
   * {@code reference}. Only root keys and the {@code tdpsim} subtree are checked; other libraries' subtrees
   * (pekko) may hold free-form keys.
   */
  static void check(String origin, ConfigObject user, ConfigObject reference) {
    UnknownKeys walker = new UnknownKeys(origin, reference);
    for (String key : new TreeSet<>(user.keySet())) {
      if (!reference.containsKey(key)) {
        throw walker.unknownRoot(key, user.get(key));
      }
    }
    if (user.containsKey("tdpsim")) {
      walker.walk(user.get("tdpsim"), reference.get("tdpsim"), "tdpsim", "tdpsim");
    }
  }

  private void walk(ConfigValue user, ConfigValue template, String displayPath, String referencePath) {
    if (user.valueType() == ConfigValueType.OBJECT && template.valueType() == ConfigValueType.OBJECT) {
      ConfigObject userObject = (ConfigObject) user;
      ConfigObject templateObject = (ConfigObject) template;
      for (String key : new TreeSet<>(userObject.keySet())) {
        String childDisplay = displayPath + "." + key;
        if (!templateObject.containsKey(key)) {
          throw unknown(key, userObject.get(key), childDisplay, templateObject);
        }
        walk(userObject.get(key), templateObject.get(key), childDisplay, referencePath + "." + key);
      }
    } else if (user.valueType() == ConfigValueType.LIST && template.valueType() == ConfigValueType.LIST) {
      ConfigValue elementTemplate = elementTemplate((ConfigList) template, referencePath);
      if (elementTemplate == null) {
        return;
      }
      String elementReferencePath = ELEMENT_TEMPLATES.getOrDefault(referencePath, referencePath + "[0]");
      ConfigList userList = (ConfigList) user;
      for (int i = 0; i < userList.size(); i++) {
        walk(userList.get(i), elementTemplate, displayPath + "[" + i + "]", elementReferencePath);
      }
    }
    // Scalars, and type mismatches: checkValid and the typed reads report those with the expected type.
  }

  private ConfigValue elementTemplate(ConfigList template, String referencePath) {
    String defaultsPath = ELEMENT_TEMPLATES.get(referencePath);
    if (defaultsPath != null) {
      return referenceRoot.toConfig().getValue(defaultsPath);
    }
    if (!template.isEmpty() && template.get(0).valueType() == ConfigValueType.OBJECT) {
      return template.get(0);
    }
    return null;
  }

  private ScenarioException unknown(String key, ConfigValue value, String displayPath, ConfigObject siblings) {
    String nearest = EditDistance.nearest(key, new ArrayList<>(new TreeSet<>(siblings.keySet())));
    String parent = displayPath.substring(0, displayPath.length() - key.length());
    String hint = nearest == null ? "unknown key" : "unknown key; did you mean " + parent + nearest + "?";
    return ConfigReader.errorAt(origin, displayPath, ConfigReader.render(value), hint);
  }

  /**
   * A root key that is not tdpsim's (nor a library's): suggest the tdpsim key it most likely meant, judged on the
   * last part of each tdpsim key path ("seed" means tdpsim.scenario.seed), and only when it is close.
   */
  private ScenarioException unknownRoot(String key, ConfigValue value) {
    String best = "tdpsim";
    int bestDistance = EditDistance.of(key, best);
    if (referenceRoot.containsKey("tdpsim")) {
      for (String path : new TreeSet<>(((ConfigObject) referenceRoot.get("tdpsim")).toConfig().entrySet().stream()
          .map(e -> "tdpsim." + e.getKey()).toList())) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        int distance = Math.min(EditDistance.of(key, last), EditDistance.of(key, path));
        if (distance < bestDistance) {
          best = path;
          bestDistance = distance;
        }
      }
    }
    boolean close = bestDistance <= Math.max(1, key.length() / 3);
    String hint = close ? "unknown key; did you mean " + best + "?"
        : "unknown key; tdpsim's keys are under tdpsim { ... } (docs/scenario-schema.md)";
    return ConfigReader.errorAt(origin, key, ConfigReader.render(value), hint);
  }
}
