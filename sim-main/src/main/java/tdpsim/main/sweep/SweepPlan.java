package tdpsim.main.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tdpsim.loadgen.EntitySeeds;
import tdpsim.loadgen.scenario.EditDistance;
import tdpsim.main.ScenarioMapper;
import tdpsim.main.UserException;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.engine.ReplicationSeeds;
import tdpsim.main.work.WorkItem;
import tdpsim.protocol.Mode;

/**
 * A sweep file parsed, validated and expanded: the base scenario, the designs, the axes and every point of their
 * cartesian product. {@link #load} checks every point's scenario before anything runs, so a sweep never stops
 * half-way for a mistake the file could have shown. See {@code docs/sweeps.md} for the file format.
 *
 * @param file the sweep file
 * @param name sweep name ({@code sweep.name}, else the file name without extension)
 * @param scenario the base scenario as {@link WorkItem#scenario()} takes it: a path resolved against the sweep
 *     file's directory, or {@link LoadedScenario#BUILTIN}
 * @param modes the designs every point runs in, in order
 * @param baseSeed {@code sweep.seed}, else the base scenario's seed
 * @param deterministic whether each point runs on the deterministic engine
 * @param axes the swept dimensions in file order (the last varies fastest)
 * @param points the cartesian product of the axes' values
 * @param repeat replications of every point ({@code sweep.repeat}, default 1): replication r of a point runs every
 *     design with the seed {@code ReplicationSeeds.of(pointSeed, repeat).get(r)} (common random numbers)
 */
public record SweepPlan(Path file, String name, String scenario, List<Mode> modes, long baseSeed,
    boolean deterministic, List<SweepAxis> axes, List<SweepPoint> points, int repeat) {

  /** A plan without replications. */
  public SweepPlan(Path file, String name, String scenario, List<Mode> modes, long baseSeed,
      boolean deterministic, List<SweepAxis> axes, List<SweepPoint> points) {
    this(file, name, scenario, modes, baseSeed, deterministic, axes, points, 1);
  }

  /** Entity kind of point seeds in {@link EntitySeeds#of}. */
  public static final String POINT_SEED_KIND = "sweep-point";

  private static final Set<String> SWEEP_KEYS =
      Set.of("name", "scenario", "modes", "seed", "deterministic", "parameters", "variables", "template",
          "repeat");
  /** Keys the sweep sets itself; sweeping them would fight with it. */
  private static final Map<String, String> RESERVED = Map.of(
      "tdpsim.scenario.seed", "each point's seed is derived from sweep.seed; set sweep.seed instead",
      "tdpsim.scenario.modes", "list the designs in sweep.modes instead",
      "tdpsim.scenario.deterministic", "set sweep.deterministic or pass --deterministic instead");
  /** Points checked one by one before the run; beyond this the sweep is refused as a probable mistake. */
  static final int MAX_POINTS = 100_000;

  public SweepPlan {
    Objects.requireNonNull(file, "file");
    modes = List.copyOf(modes);
    axes = List.copyOf(axes);
    points = List.copyOf(points);
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be >= 1: " + repeat);
    }
  }

  /**
   * The seed of point {@code pointIndex}: {@code EntitySeeds.of(baseSeed, "sweep-point", pointIndex)}, i.e. the
   * scenario-entity derivation of {@code docs/scenario-schema.md} with kind {@code sweep-point}. Every design of
   * a point uses it.
   */
  public static long pointSeed(long baseSeed, int pointIndex) {
    return EntitySeeds.of(baseSeed, POINT_SEED_KIND, pointIndex);
  }

  /**
   * Reads, validates and expands a sweep file. Every mistake is a one-line {@link UserException} naming the file,
   * the key, the value and what was expected; every point's scenario is loaded (and so validated) here.
   *
   * @param forceDeterministic run every point deterministically whatever {@code sweep.deterministic} says
   */
  public static SweepPlan load(Path file, boolean forceDeterministic) {
    return new Parser(file).parse(forceDeterministic);
  }

  /**
   * One work item per point, replication and design, point-major: item index = (point index * repeat +
   * replication) * modes + design index.
   */
  public List<WorkItem> workItems() {
    List<WorkItem> items = new ArrayList<>(itemCount());
    for (SweepPoint p : points) {
      List<Long> seeds = ReplicationSeeds.of(p.seed(), repeat);
      for (int r = 0; r < repeat; r++) {
        for (Mode m : modes) {
          items.add(new WorkItem(items.size(), scenario, p.overrides(), m, seeds.get(r), deterministic));
        }
      }
    }
    return items;
  }

  /** Work items of the plan: points x replications x designs. */
  public int itemCount() {
    return points.size() * repeat * modes.size();
  }

  /** The point a work item of {@link #workItems()} belongs to. */
  public SweepPoint pointOf(WorkItem item) {
    return points.get(item.index() / (modes.size() * repeat));
  }

  /** The replication (from 0) a work item of {@link #workItems()} belongs to. */
  public int replicationOf(WorkItem item) {
    return (item.index() / modes.size()) % repeat;
  }

  /** The label of axis {@code axis}'s value at {@code point}. */
  public String label(SweepPoint point, int axis) {
    return axes.get(axis).labels().get(point.valueIndexes().get(axis));
  }

  /** The text form of a HOCON value in CSV cells and charts: strings as written, others as concise HOCON. */
  static String label(ConfigValue value) {
    if (value.valueType() == ConfigValueType.STRING) {
      return (String) value.unwrapped();
    }
    return value.render(ConfigRenderOptions.concise().setJson(false));
  }

  /** Parses one sweep file; holds the file for error messages. */
  private static final class Parser {
    private final Path file;
    private final String origin;

    Parser(Path file) {
      this.file = file;
      this.origin = file.toString();
    }

    /** Axes in the order they were read, and the line each was written on (the file's order decides theirs). */
    private final List<SweepAxis> axes = new ArrayList<>();
    private final List<Integer> lines = new ArrayList<>();
    /** Each variable's line, by name. */
    private final Map<String, Integer> variableLines = new LinkedHashMap<>();

    SweepPlan parse(boolean forceDeterministic) {
      ConfigObject sweep = sweepObject(read());
      Config s = sweep.toConfig();
      String scenario = scenario(s);
      LoadedScenario base = loadBase(s, scenario);
      String name = s.hasPath("name") ? string(s, "name") : baseName(file);
      List<Mode> modes = s.hasPath("modes") ? modes(s) : base.scenario().modes();
      long baseSeed = s.hasPath("seed") ? longValue(s, "seed") : base.scenario().seed();
      // Points are compared with each other, so each is reproducible unless the file says otherwise.
      boolean deterministic = forceDeterministic || !s.hasPath("deterministic") || bool(s, "deterministic");
      readVariables(s);
      if (s.hasPath("parameters")) {
        collectParameters(object(s, "parameters"), "", axes, lines);
      }
      Map<String, Object> template = template(s);
      if (axes.isEmpty() && modes.size() < 2) {
        throw new UserException(origin + ": sweep.parameters: nothing to sweep; expected at least one key with a "
            + "list of values (or two designs in sweep.modes)");
      }
      List<SweepAxis> sorted = axesInFileOrder();
      List<SweepPoint> points = expand(sorted, template, baseSeed, pointCount(sorted));
      int repeat = repeat(s, sweep);
      SweepPlan plan = new SweepPlan(file, name, scenario, modes, baseSeed, deterministic, sorted, points, repeat);
      for (SweepPoint p : points) {
        validate(plan, p);
      }
      return plan;
    }

    /** The file's {@code sweep { ... }}, the only key at its root, holding only keys a sweep knows. */
    private ConfigObject sweepObject(Config root) {
      for (String key : new TreeSet<>(root.root().keySet())) {
        if (!key.equals("sweep")) {
          throw error(key, render(root.root().get(key)), "unknown key; a sweep file holds only sweep { ... }");
        }
      }
      if (!root.hasPath("sweep") || root.getValue("sweep").valueType() != ConfigValueType.OBJECT) {
        throw new UserException(origin + ": sweep: missing; expected sweep { scenario = ..., parameters { ... } }");
      }
      ConfigObject sweep = root.getObject("sweep");
      for (String key : new TreeSet<>(sweep.keySet())) {
        if (!SWEEP_KEYS.contains(key)) {
          throw error("sweep." + key, render(sweep.get(key)), "unknown key; did you mean sweep."
              + EditDistance.nearest(key, new ArrayList<>(new TreeSet<>(SWEEP_KEYS))) + "?");
        }
      }
      return sweep;
    }

    /** {@code sweep.variables}: one axis per variable, which the template refers to as "$name". */
    private void readVariables(Config s) {
      if (!s.hasPath("variables")) {
        return;
      }
      ConfigObject vars = object(s, "variables");
      for (String var : new TreeSet<>(vars.keySet())) {
        if (!var.matches("[A-Za-z][A-Za-z0-9_-]*")) {
          throw error("sweep.variables." + var, render(vars.get(var)),
              "a variable name is a letter then letters, digits, '-' or '_'");
        }
        addAxis(axes, lines, var, true, vars.get(var), "sweep.variables." + var);
        variableLines.put(var, lines.get(lines.size() - 1));
      }
    }

    /** {@code sweep.template}: scenario keys set from variables; every variable used, every reference defined. */
    private Map<String, Object> template(Config s) {
      Map<String, Object> template = new LinkedHashMap<>();
      Set<String> used = new HashSet<>();
      if (s.hasPath("template")) {
        ConfigObject t = object(s, "template");
        for (String key : new TreeSet<>(t.keySet())) {
          checkKey("sweep.template", key, t.get(key));
          Object value = t.get(key).unwrapped();
          Substitution.collectReferences(value, used);
          template.put(key, value);
        }
      }
      for (String ref : new TreeSet<>(used)) {
        if (!variableLines.containsKey(ref)) {
          throw error("sweep.template", "\"$" + ref + "\"", "refers to a variable that sweep.variables does not "
              + "define" + (variableLines.isEmpty() ? "" : " (defined: " + String.join(", ", variableLines.keySet()) + ")"));
        }
      }
      for (String var : variableLines.keySet()) {
        if (!used.contains(var)) {
          throw error("sweep.variables." + var, null, "not used; refer to it in sweep.template as \"$" + var + "\"");
        }
      }
      return template;
    }

    /** File order: the axis written first varies slowest. */
    private List<SweepAxis> axesInFileOrder() {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < axes.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.<Integer>comparingInt(lines::get).thenComparing(i -> axes.get(i).name()));
      return order.stream().map(axes::get).toList();
    }

    /** The product of the axes' sizes, refused above {@link #MAX_POINTS}. */
    private int pointCount(List<SweepAxis> sorted) {
      long count = 1;
      for (SweepAxis a : sorted) {
        count *= a.size();
        if (count > MAX_POINTS) {
          throw new UserException(origin + ": sweep.parameters: more than " + MAX_POINTS
              + " points; expected fewer values");
        }
      }
      return (int) count;
    }

    private int repeat(Config s, ConfigObject sweep) {
      int repeat = s.hasPath("repeat") ? (int) longValue(s, "repeat") : 1;
      if (repeat < 1 || repeat > 10_000) {
        throw error("sweep.repeat", render(sweep.get("repeat")), "a number of replications from 1 to 10000");
      }
      return repeat;
    }

    private Config read() {
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new UserException(origin + ": cannot read the sweep file ("
            + (Files.exists(file) ? "not a readable file" : "no such file") + ")");
      }
      try {
        return ConfigFactory.parseFile(file.toFile(),
            ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF)).resolve();
      } catch (ConfigException e) {
        String line = e.origin() != null && e.origin().lineNumber() > 0 ? "line " + e.origin().lineNumber() + ": "
            : "";
        String msg = oneLine(e.getMessage());
        int cut = msg.lastIndexOf(": ");
        return failSyntax(line + "syntax error: " + (cut >= 0 && !line.isEmpty() ? msg.substring(cut + 2) : msg));
      }
    }

    private Config failSyntax(String what) {
      throw new UserException(origin + ": " + what);
    }

    private String scenario(Config s) {
      if (!s.hasPath("scenario")) {
        throw new UserException(origin + ": sweep.scenario: missing; expected a scenario file relative to the "
            + "sweep file, or \"" + LoadedScenario.BUILTIN + "\"");
      }
      String written = string(s, "scenario");
      if (LoadedScenario.BUILTIN.equals(written)) {
        return written;
      }
      Path dir = file.toAbsolutePath().getParent();
      Path resolved = dir.resolve(written).normalize();
      if (!Files.isRegularFile(resolved) || !Files.isReadable(resolved)) {
        throw error("sweep.scenario", quote(written), "cannot read " + resolved
            + "; expected a readable scenario file (relative to the sweep file) or \"" + LoadedScenario.BUILTIN
            + "\"");
      }
      return resolved.toString();
    }

    private LoadedScenario loadBase(Config s, String scenario) {
      try {
        return LoadedScenario.load(scenario, Map.of(), false);
      } catch (UserException e) {
        throw error("sweep.scenario", quote(string(s, "scenario")), "the base scenario is invalid: "
            + e.getMessage());
      }
    }

    private List<Mode> modes(Config s) {
      List<Mode> modes = new ArrayList<>();
      ConfigValue v = s.getValue("modes");
      if (v.valueType() != ConfigValueType.LIST || ((ConfigList) v).isEmpty()) {
        throw error("sweep.modes", render(v), "expected a non-empty list of designs: " + Mode.validNames());
      }
      for (ConfigValue e : (ConfigList) v) {
        String name = e.valueType() == ConfigValueType.STRING ? (String) e.unwrapped() : render(e);
        Mode m = Mode.ofConfigName(name).orElseThrow(() -> error("sweep.modes", render(v),
            "unknown design '" + name + "'; expected one of " + Mode.validNames()));
        if (modes.contains(m)) {
          throw error("sweep.modes", render(v), "design '" + name + "' listed twice");
        }
        modes.add(m);
      }
      return modes;
    }

    /** Walks sweep.parameters: a list ends a key path (quoted "a.b.c" keys and nested objects both work). */
    private void collectParameters(ConfigObject obj, String prefix, List<SweepAxis> axes, List<Integer> lines) {
      for (String key : new TreeSet<>(obj.keySet())) {
        String path = prefix.isEmpty() ? key : prefix + "." + key;
        ConfigValue v = obj.get(key);
        if (v.valueType() == ConfigValueType.OBJECT) {
          collectParameters((ConfigObject) v, path, axes, lines);
          continue;
        }
        String display = "sweep.parameters.\"" + path + "\"";
        checkKey(display, path, v);
        for (SweepAxis a : axes) {
          if (a.name().equals(path)) {
            throw error(display, render(v), "key swept twice");
          }
        }
        addAxis(axes, lines, path, false, v, display);
      }
    }

    private void checkKey(String display, String key, ConfigValue v) {
      if (RESERVED.containsKey(key)) {
        throw error(display, render(v), RESERVED.get(key));
      }
      if (!key.startsWith("tdpsim.")) {
        throw error(display, render(v), "expected a full scenario key path starting with tdpsim. (e.g. "
            + "tdpsim.scenario.iommu.max-leaf)");
      }
      Config reference = ConfigFactory.defaultReference();
      boolean known;
      try {
        known = reference.hasPathOrNull(key);
      } catch (ConfigException.BadPath e) {
        known = false;
      }
      if (!known) {
        List<String> candidates = new ArrayList<>(new TreeSet<>(ReferenceKeys.all(reference)));
        throw error(display, render(v), "no such key in the scenario schema; did you mean "
            + EditDistance.nearest(key, candidates) + "?");
      }
    }

    private void addAxis(List<SweepAxis> axes, List<Integer> lines, String name, boolean variable, ConfigValue v,
        String display) {
      if (v.valueType() != ConfigValueType.LIST) {
        throw error(display, render(v), "expected a list of values, e.g. [4KiB, 2MiB]");
      }
      ConfigList list = (ConfigList) v;
      if (list.isEmpty()) {
        throw error(display, render(v), "expected at least one value");
      }
      List<Object> values = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (ConfigValue e : list) {
        String label = label(e);
        if (labels.contains(label)) {
          throw error(display, render(v), "value " + label + " listed twice");
        }
        values.add(e.unwrapped());
        labels.add(label);
      }
      axes.add(new SweepAxis(name, variable, values, labels));
      lines.add(v.origin() == null ? Integer.MAX_VALUE : v.origin().lineNumber());
    }

    private List<SweepPoint> expand(List<SweepAxis> axes, Map<String, Object> template, long baseSeed,
        int count) {
      List<SweepPoint> points = new ArrayList<>(count);
      for (int index = 0; index < count; index++) {
        List<Integer> valueIndexes = new ArrayList<>(axes.size());
        int rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
          valueIndexes.add(0, rest % axes.get(a).size());
          rest /= axes.get(a).size();
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        Map<String, Object> params = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
          SweepAxis axis = axes.get(a);
          (axis.variable() ? variables : params).put(axis.name(), axis.values().get(valueIndexes.get(a)));
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        template.forEach((k, v) -> overrides.put(k, Substitution.apply(v, variables)));
        overrides.putAll(params);
        points.add(new SweepPoint(index, pointSeed(baseSeed, index), valueIndexes, overrides));
      }
      return points;
    }

    private void validate(SweepPlan plan, SweepPoint p) {
      Map<String, Object> overrides = new LinkedHashMap<>(p.overrides());
      overrides.put("tdpsim.scenario.seed", p.seed());
      try {
        LoadedScenario loaded = LoadedScenario.load(plan.scenario(), overrides, plan.deterministic());
        ScenarioMapper.checkModes(loaded.scenario(), plan.modes());
      } catch (UserException e) {
        throw new UserException(origin + ": point " + p.index() + " (" + describe(plan, p) + "): "
            + e.getMessage());
      }
    }

    private static String describe(SweepPlan plan, SweepPoint p) {
      List<String> parts = new ArrayList<>();
      for (int a = 0; a < plan.axes().size(); a++) {
        parts.add(plan.axes().get(a).name() + " = " + plan.label(p, a));
      }
      return String.join(", ", parts);
    }

    private UserException error(String path, String value, String what) {
      return new UserException(origin + ": " + path + (value == null ? "" : " = " + value) + ": " + what);
    }

    private ConfigObject object(Config s, String key) {
      ConfigValue v = s.getValue(key);
      if (v.valueType() != ConfigValueType.OBJECT) {
        throw error("sweep." + key, render(v), "expected an object { ... }");
      }
      return (ConfigObject) v;
    }

    private String string(Config s, String key) {
      ConfigValue v = s.getValue(key);
      if (v.valueType() != ConfigValueType.STRING) {
        throw error("sweep." + key, render(v), "expected a string");
      }
      return (String) v.unwrapped();
    }

    private long longValue(Config s, String key) {
      try {
        return s.getLong(key);
      } catch (ConfigException e) {
        throw error("sweep." + key, render(s.getValue(key)), "expected an integer");
      }
    }

    private boolean bool(Config s, String key) {
      try {
        return s.getBoolean(key);
      } catch (ConfigException e) {
        throw error("sweep." + key, render(s.getValue(key)), "expected true or false");
      }
    }

    private static String render(ConfigValue v) {
      String text = v.render(ConfigRenderOptions.concise().setJson(false));
      return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static String quote(String s) {
      return ConfigValueFactory.fromAnyRef(s).render(ConfigRenderOptions.concise());
    }

    private static String baseName(Path file) {
      String n = file.getFileName().toString();
      int dot = n.lastIndexOf('.');
      return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String oneLine(String message) {
      return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
  }
}
