package tdpsim.loadgen.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a scenario file into a validated {@link Scenario}: parse, layer sweep overrides on top and
 * {@code reference.conf} below, {@code checkValid}, reject unknown keys, then build the records. Every problem
 * becomes a one-line {@link ScenarioException}; nothing fails later for a reason the file could have shown.
 */
public final class ScenarioLoader {
  /** Origin of {@link #builtinDefault()}. */
  public static final String BUILTIN_ORIGIN = "builtin:default";

  private static final String BUILTIN_RESOURCE = "tdpsim/scenarios/builtin-default.conf";

  private ScenarioLoader() {}

  /** Loads and validates the scenario file. */
  public static Scenario load(Path file) {
    return load(file, Map.of());
  }

  /**
   * Loads the scenario file with {@code overrides} layered on top, for sweeps. Keys are full paths
   * ({@code "tdpsim.scenario.seed"}, {@code "tdpsim.defaults.vm.vcpus"}); values are what
   * {@link ConfigFactory#parseMap} accepts (numbers, strings such as "2MiB", booleans, lists).
   */
  public static Scenario load(Path file, Map<String, Object> overrides) {
    String origin = file.toString();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      String why = Files.exists(file) ? "not a readable file" : "no such file";
      throw new ScenarioException(origin + ": cannot read scenario file: " + why);
    }
    Config parsed;
    try {
      parsed = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
    } catch (ConfigException.Parse e) {
      throw syntaxError(origin, e);
    } catch (ConfigException.IO e) {
      throw new ScenarioException(origin + ": cannot read scenario file: " + e.getMessage(), e);
    }
    Config user = overrides.isEmpty() ? parsed : parseOverrides(origin, overrides).withFallback(parsed);
    Path baseDir = file.toAbsolutePath().getParent();
    return build(user, origin, baseDir);
  }

  /** The built-in scenario: one VM, an ATS+PRI NIC doing ring DMA, periodic reclaim, all five modes. */
  public static Scenario builtinDefault() {
    return builtinDefault(Map.of());
  }

  /** The built-in scenario with {@code overrides} layered on top (seed, sweeps). */
  public static Scenario builtinDefault(Map<String, Object> overrides) {
    Config parsed = builtinConfig();
    Config user = overrides.isEmpty() ? parsed : parseOverrides(BUILTIN_ORIGIN, overrides).withFallback(parsed);
    return build(user, BUILTIN_ORIGIN, Path.of("").toAbsolutePath());
  }

  /** The built-in scenario's own keys (without the reference), for readers of other {@code tdpsim} keys. */
  public static Config builtinConfig() {
    return ConfigFactory.parseResources(ScenarioLoader.class.getClassLoader(), BUILTIN_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
  }

  /**
   * Validates an already parsed user config (without the reference merged in, or with it: both work).
   * Relative trace files resolve against the working directory.
   */
  public static Scenario fromConfig(Config c, String origin) {
    return build(c, origin, Path.of("").toAbsolutePath());
  }

  private static Scenario build(Config user, String origin, Path baseDir) {
    Config reference = ConfigFactory.defaultReference();
    // tdpsim.cost is checked where it is read (sim-main's CostSettings): a cost is a duration or a distribution
    // object, which neither the key walk nor checkValid's type comparison against the default can judge.
    Config checkedReference = reference.withoutPath("tdpsim.cost");
    UnknownKeys.check(origin, user.withoutPath("tdpsim.cost").root(), checkedReference.root());
    Config merged;
    try {
      merged = user.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new ScenarioException(origin + ": " + oneLine(e.getMessage()), e);
    }
    try {
      merged.withoutPath("tdpsim.cost").checkValid(checkedReference, "tdpsim");
    } catch (ConfigException.ValidationFailed e) {
      ConfigException.ValidationProblem problem = e.problems().iterator().next();
      String value = merged.hasPathOrNull(problem.path()) ? ConfigReader.render(merged.getValue(problem.path())) : null;
      throw ConfigReader.errorAt(origin, problem.path(), value, oneLine(problem.problem()));
    }
    return new ScenarioBuilder(origin, merged, baseDir).build();
  }

  private static Config parseOverrides(String origin, Map<String, Object> overrides) {
    try {
      return ConfigFactory.parseMap(overrides, "overrides");
    } catch (ConfigException e) {
      throw new ScenarioException(origin + ": overrides: " + oneLine(e.getMessage()), e);
    }
  }

  private static ScenarioException syntaxError(String origin, ConfigException.Parse e) {
    String detail = oneLine(e.getMessage());
    int line = e.origin() == null ? -1 : e.origin().lineNumber();
    // Typesafe prefixes the message with "<origin description>: <line>: "; keep only the problem.
    int cut = detail.indexOf(": " + line + ": ");
    if (line > 0 && cut >= 0) {
      detail = detail.substring(cut + (": " + line + ": ").length());
    }
    String where = line > 0 ? "line " + line + ": " : "";
    return new ScenarioException(origin + ": " + where + "syntax error: " + detail, e);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
