package tdpsim.loadgen.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    WarningIncluder includer = new WarningIncluder();
    try {
      parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
          .setSyntax(ConfigSyntax.CONF).setIncluder(includer));
    } catch (ConfigException.Parse e) {
      throw syntaxError(origin, e);
    } catch (ConfigException.IO e) {
      // The library's message names the Java exception ("nope.conf: java.io.FileNotFoundException: include was
      // not found: 'nope.conf'"): the user needs only what was not found.
      String what = oneLine(e.getMessage()).replaceAll("java\\.[\\w.]+(Exception|Error): ", "");
      throw new ScenarioException(origin + ": cannot read scenario file: " + what, e);
    } catch (ConfigException e) {
      throw configError(origin, e);
    }
    if (parsed.root().isEmpty()) {
      throw new ScenarioException(origin
          + ": the file sets no keys: nothing to simulate (see docs/scenario-schema.md)");
    }
    Config user = overrides.isEmpty() ? parsed : parseOverrides(origin, overrides).withFallback(parsed);
    Path baseDir = file.toAbsolutePath().getParent();
    return build(user, origin, baseDir, includer.warnings());
  }

  /** The built-in scenario: one VM, an ATS+PRI NIC doing ring DMA, periodic reclaim, all five modes. */
  public static Scenario builtinDefault() {
    return builtinDefault(Map.of());
  }

  /** The built-in scenario with {@code overrides} layered on top (seed, sweeps). */
  public static Scenario builtinDefault(Map<String, Object> overrides) {
    Config parsed = builtinConfig();
    Config user = overrides.isEmpty() ? parsed : parseOverrides(BUILTIN_ORIGIN, overrides).withFallback(parsed);
    return build(user, BUILTIN_ORIGIN, Path.of("").toAbsolutePath(), List.of());
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
    return build(c, origin, Path.of("").toAbsolutePath(), List.of());
  }

  private static Scenario build(Config user, String origin, Path baseDir, List<String> warnings) {
    try {
      Config reference = ConfigFactory.defaultReference();
      Config merged;
      Config resolvedUser;
      try {
        merged = user.withFallback(reference).resolve();
        // The user's own keys with their substitutions filled in, for the unknown-key walk.
        resolvedUser = user.resolveWith(merged);
      } catch (ConfigException e) {
        throw configError(origin, e);
      }
      // tdpsim.cost is checked where it is read (sim-main's CostSettings): a cost is a duration or a distribution
      // object, which neither the key walk nor checkValid's type comparison against the default can judge.
      UnknownKeys.check(origin, resolvedUser.withoutPath("tdpsim.cost").root(),
          ownReference().withoutPath("tdpsim.cost").root());
      try {
        merged.withoutPath("tdpsim.cost").checkValid(reference.withoutPath("tdpsim.cost"), "tdpsim");
      } catch (ConfigException.ValidationFailed e) {
        ConfigException.ValidationProblem problem = e.problems().iterator().next();
        String value = merged.hasPathOrNull(problem.path()) ? ConfigReader.render(merged.getValue(problem.path()))
            : null;
        throw ConfigReader.errorAt(origin, problem.path(), value, oneLine(problem.problem()));
      }
      return new ScenarioBuilder(origin, merged, baseDir, warnings).build();
    } catch (ConfigException e) {
      // Anything the config library throws that no check above turned into a sentence: still one line.
      throw configError(origin, e);
    }
  }

  /**
   * The reference configuration alone, without the JVM's system properties that
   * {@link ConfigFactory#defaultReference()} layers on top: unknown keys are judged, and near misses suggested,
   * against tdpsim's (and its libraries') own keys only, never "java", "file" or "native". The parsed files are the
   * config library's cached ones (issue 19): parsing every reference.conf again, Pekko's included (275 kB in the
   * jar), took the main thread 0.3 s or more on each scenario load.
   */
  private static Config ownReference() {
    return ConfigFactory.defaultReferenceUnresolved(ScenarioLoader.class.getClassLoader()).resolve();
  }

  /** One line for any config-library error: the file, the line when the library knows it, the problem. */
  static ScenarioException configError(String origin, ConfigException e) {
    String detail = oneLine(e.getMessage());
    int line = e.origin() == null ? -1 : e.origin().lineNumber();
    String description = e.origin() == null ? null : e.origin().description();
    // Typesafe prefixes the message with "<origin description>: "; say the file once, our way.
    if (description != null && detail.startsWith(description + ": ")) {
      detail = detail.substring(description.length() + 2);
    }
    if (line > 0 && detail.startsWith(line + ": ")) {
      detail = detail.substring((line + ": ").length());
    }
    String where = line > 0 ? "line " + line + ": " : "";
    return new ScenarioException(origin + ": " + where + detail, e);
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
