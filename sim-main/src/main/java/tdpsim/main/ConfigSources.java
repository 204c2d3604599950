package tdpsim.main;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the default of every key under {@code tdpsim} in a reference.conf comes from. A cost key carries it in
 * its object form ({@code tdp-fault { ..., source = "..." }}, read by {@link CostSettings}); every other key carries
 * it as the last line(s) of the comment right above it, {@code # source: <kind>: <text>}, which the config library
 * keeps with the value ({@code ConfigOrigin.comments()}), so the source is read from the same parsed file the
 * defaults come from and changes no value. Kinds:
 *
 * <ul>
 *   <li>{@code measured}: a figure measured on real systems ({@code ../shared/KERNEL-FACTS.md} section 4);
 *   <li>{@code cited}: a kernel source, spec, manual or paper;
 *   <li>{@code assumption}: nobody measured it; numbers of this kind are what {@code tdpsim sensitivity} varies;
 *   <li>{@code choice}: the experiment's own choice (the workload, a design variant, a policy), not a claim about
 *       the system;
 *   <li>{@code simulator}: how the tool runs (engine, cluster, executor), not a figure about the system.
 * </ul>
 *
 * <p>An object written as one value ({@code region { gpa = 0, size = 0 }}, {@code extra-classes {}}) carries one
 * source for all its fields when its own comment has the line.
 */
public final class ConfigSources {
  /** A source: one of the kinds, a colon, and the text. */
  public static final Pattern FORM = Pattern.compile("(measured|cited|assumption|choice|simulator): \\S.*");

  private static final String MARK = "source:";
  private static final Pattern SENTENCE_END = Pattern.compile("\\.\\s+(?=[A-Z])");

  private ConfigSources() {}

  /**
   * One key of a reference.conf.
   *
   * @param path the key's path under {@code tdpsim} (e.g. {@code scenario.iommu.iotlb-entries}, {@code
   *     cost.tdp-fault})
   * @param value its default as written
   * @param source its source, "" when it has none
   * @param description the comment above it, without the source lines
   */
  public record Entry(String path, ConfigValue value, String source, String description) {
    /** True for a source of kind assumption. */
    public boolean isAssumption() {
      return source.toLowerCase(Locale.ROOT).startsWith("assumption");
    }

    /** True for a cost key (its source lives in its object form). */
    public boolean isCost() {
      return path.startsWith("cost.");
    }

    /** True for a plain number (a count or a size written as a number): a model size sensitivity can scale. */
    public boolean isNumber() {
      return value.valueType() == ConfigValueType.NUMBER;
    }

    /** The default as a person reads it: a string unquoted, anything else in HOCON's concise form. */
    public String defaultText() {
      if (value.valueType() == ConfigValueType.STRING) {
        return (String) value.unwrapped();
      }
      return value.render(ConfigRenderOptions.concise().setJson(false));
    }

    /** The first sentence of the description. */
    public String summary() {
      java.util.regex.Matcher m = SENTENCE_END.matcher(description);
      return m.find() ? description.substring(0, m.start() + 1) : description;
    }
  }

  /**
   * Every key under {@code tdpsim} of {@code parsed} (one parsed reference.conf, or the merged reference), in the
   * order of their lines; for a merged reference from a build tree, module by module (actors, load-gen, protocol,
   * sim-main, whether from target/classes or a module jar), and in the shaded jar's one concatenated file, by line.
   */
  public static List<Entry> entries(Config parsed) {
    List<Entry> out = new ArrayList<>();
    if (!parsed.hasPath("tdpsim")) {
      return out;
    }
    walk("", parsed.getValue("tdpsim"), out);
    out.sort(Comparator.comparingInt((Entry e) -> moduleRank(e.value()))
        .thenComparing(e -> String.valueOf(e.value().origin().url()))
        .thenComparingInt(e -> e.value().origin().lineNumber()));
    return out;
  }

  /** The modules in the order of the docs table; a build's classes directory and its jar rank the same. */
  private static final List<String> MODULES = List.of("actors", "load-gen", "protocol", "sim-main");

  private static int moduleRank(ConfigValue v) {
    String url = String.valueOf(v.origin().url());
    for (int i = 0; i < MODULES.size(); i++) {
      if (url.contains("/" + MODULES.get(i) + "/target/")) {
        return i;
      }
    }
    return MODULES.size();
  }

  /**
   * Every reference.conf on the class path, merged, without the system properties that {@code
   * ConfigFactory.defaultReference()} layers on top (a {@code -Dtdpsim.x} would otherwise look like a key).
   */
  public static Config reference() {
    return ConfigFactory.parseResources("reference.conf");
  }

  /** The entry of {@code path} (under tdpsim) in {@code reference}, or null when there is none. */
  public static Entry entry(Config reference, String path) {
    for (Entry e : entries(reference)) {
      if (e.path().equals(path)) {
        return e;
      }
    }
    return null;
  }

  private static void walk(String path, ConfigValue v, List<Entry> out) {
    if (v instanceof ConfigObject o && !o.isEmpty() && !path.isEmpty()) {
      ConfigValue s = o.get("source");
      if (s != null && s.valueType() == ConfigValueType.STRING) {
        out.add(new Entry(path, v, ((String) s.unwrapped()).trim(), comment(v)[0]));
        return;
      }
      String[] c = comment(v);
      if (!c[1].isEmpty()) {
        out.add(new Entry(path, v, c[1], c[0]));
        return;
      }
    }
    if (v instanceof ConfigObject o && !o.isEmpty()) {
      for (String k : o.keySet()) {
        walk(path.isEmpty() ? ConfigUtil.joinPath(k) : path + "." + ConfigUtil.joinPath(k), o.get(k), out);
      }
      return;
    }
    String[] c = comment(v);
    out.add(new Entry(path, v, c[1], c[0]));
  }

  /** {description, source} from the value's comment: the source is the "source:" line and the lines after it. */
  private static String[] comment(ConfigValue v) {
    StringBuilder description = new StringBuilder();
    StringBuilder source = new StringBuilder();
    boolean inSource = false;
    for (String line : v.origin().comments()) {
      String t = line.trim();
      if (!inSource && t.startsWith(MARK)) {
        inSource = true;
        t = t.substring(MARK.length()).trim();
      }
      StringBuilder sb = inSource ? source : description;
      if (!t.isEmpty()) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(t);
      }
    }
    return new String[] {description.toString(), source.toString()};
  }
}
