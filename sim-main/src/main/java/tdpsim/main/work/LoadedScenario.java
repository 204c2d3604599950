package tdpsim.main.work;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tdpsim.loadgen.scenario.Scenario;
import tdpsim.loadgen.scenario.ScenarioException;
import tdpsim.loadgen.scenario.ScenarioLoader;
import tdpsim.loadgen.trace.LackeyTraceReader;
import tdpsim.main.RunSettings;
import tdpsim.main.UserException;

/**
 * A scenario ready to run: the validated scenario, the engine settings read from the same merged config, and
 * where it came from. Every user mistake becomes a {@link UserException} (one line, exit 2).
 *
 * @param file the scenario file, or null for the built-in default
 * @param scenarioHocon the resolved scenario ({@code tdpsim.scenario} and {@code tdpsim.defaults}) as HOCON, keys
 *     sorted, for provenance
 * @param costHocon the resolved cost model ({@code tdpsim.cost}) as HOCON, keys sorted
 */
public record LoadedScenario(Scenario scenario, RunSettings settings, String origin, Path file,
    String scenarioHocon, String costHocon) {

  public LoadedScenario(Scenario scenario, RunSettings settings, String origin, Path file) {
    this(scenario, settings, origin, file, "", "");
  }

  private static final ConfigRenderOptions HOCON = ConfigRenderOptions.defaults().setOriginComments(false)
      .setComments(false).setJson(false).setFormatted(true);

  private static String render(Config config, String path) {
    return config.hasPath(path) ? config.getConfig(path).root().render(HOCON) : "";
  }

  /** Name that stands for the built-in default scenario where a file name is expected. */
  public static final String BUILTIN = "builtin:default";

  /**
   * @param file a scenario file, or null for the built-in default
   * @param overrides full key paths layered on top ({@code tdpsim.scenario.seed}, sweep keys)
   * @param deterministic force the deterministic engine whatever the scenario says
   */
  public static LoadedScenario load(Path file, Map<String, Object> overrides, boolean deterministic) {
    try {
      Scenario scenario;
      Config user;
      if (file == null) {
        scenario = ScenarioLoader.builtinDefault(overrides);
        user = ScenarioLoader.builtinConfig();
      } else {
        if (!Files.isReadable(file)) {
          throw new UserException(file + ": cannot read the scenario file (missing or not readable)");
        }
        scenario = ScenarioLoader.load(file, overrides);
        user = ConfigFactory.parseFile(file.toFile());
      }
      Config config = ConfigFactory.parseMap(overrides).withFallback(user)
          .withFallback(ConfigFactory.defaultReference()).resolve();
      String origin = file == null ? scenario.origin() : file.toString();
      RunSettings settings = RunSettings.from(config, origin, deterministic || scenario.deterministic());
      checkTraces(scenario);
      Config tdpsim = config.getConfig("tdpsim");
      String scenarioHocon = tdpsim.withOnlyPath("scenario").withFallback(tdpsim.withOnlyPath("defaults")).root()
          .render(HOCON);
      return new LoadedScenario(scenario, settings, origin, file, scenarioHocon, render(config, "tdpsim.cost"));
    } catch (ScenarioException e) {
      throw new UserException(e.getMessage());
    } catch (ConfigException e) {
      String where = e.origin() != null && e.origin().lineNumber() > 0 ? "line " + e.origin().lineNumber() + ": "
          : "";
      String origin = file == null ? BUILTIN : file.toString();
      throw new UserException(origin + ": " + where + e.getMessage().replaceAll("\\s*\\R\\s*", " "));
    }
  }

  /**
   * Every trace a vCPU will replay is read now, before any actor starts: a binary, empty or malformed trace is
   * one line naming the file and line (the parsed trace is kept for the vCPUs).
   */
  private static void checkTraces(Scenario scenario) {
    scenario.vms().stream().map(vm -> vm.access().traceFile()).flatMap(java.util.Optional::stream).distinct()
        .forEach(LackeyTraceReader::read);
  }

  /** {@link #load(Path, Map, boolean)} by name: {@link #BUILTIN} or a file path. */
  public static LoadedScenario load(String scenario, Map<String, Object> overrides, boolean deterministic) {
    return load(BUILTIN.equals(scenario) ? null : Path.of(scenario), overrides, deterministic);
  }
}
