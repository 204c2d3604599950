package tdpsim.main.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import tdpsim.main.UserException;
import tdpsim.main.work.LoadedScenario;
import tdpsim.main.work.ModeResult;
import tdpsim.main.work.WorkItem;
import tdpsim.protocol.Experiment;

/**
 * Converts between the submitter's {@link WorkItem}/{@link ModeResult} and the {@link Experiment} records that
 * cross nodes. Overrides travel as HOCON value text (strings, numbers, booleans, lists and objects all survive);
 * the scenario travels as its file text, so a member on another host needs no copy of it.
 */
final class WorkWire {
  private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();

  private WorkWire() {}

  /**
   * The assignment of {@code item}, the {@code position}-th of its submission, carrying {@code scenarioText} (see
   * {@link #scenarioText(String)}). The wire index is the position, which identifies the item in the submission
   * whatever numbering {@link WorkItem#index()} uses.
   */
  static Experiment.Run toRun(String experimentId, int position, WorkItem item, String scenarioText,
      ActorRef<Experiment.Progress> replyTo, ClusterSecret secret) {
    Map<String, String> sealedOverrides = new LinkedHashMap<>();
    toHocon(item.overrides()).forEach((key, value) -> sealedOverrides.put(key, secret.seal(value)));
    Experiment.Run unsigned = new Experiment.Run(experimentId, position, item.scenario(),
        secret.seal(scenarioText), sealedOverrides, item.mode(), item.seed(), item.deterministic(), replyTo, "");
    return withMac(unsigned, secret.mac(unsigned));
  }

  static Experiment.Run withMac(Experiment.Run r, String mac) {
    return new Experiment.Run(r.experimentId(), r.index(), r.scenario(), r.scenarioText(), r.overrides(), r.mode(),
        r.seed(), r.deterministic(), r.replyTo(), mac);
  }

  static Experiment.Started started(Experiment.Run run, String member, ClusterSecret secret) {
    Experiment.Started s = new Experiment.Started(run.experimentId(), run.index(), member, "");
    return new Experiment.Started(s.experimentId(), s.index(), s.member(), secret.mac(s));
  }

  static Experiment.Failed failed(Experiment.Run run, String member, String reason, ClusterSecret secret) {
    Experiment.Failed f = new Experiment.Failed(run.experimentId(), run.index(), member, reason, "");
    return new Experiment.Failed(f.experimentId(), f.index(), f.member(), f.reason(), secret.mac(f));
  }

  /** The item of an assignment on the member that runs it, the scenario materialised locally when needed. */
  static WorkItem toItem(Experiment.Run run, Path scenarioCache, ClusterSecret secret) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    run.overrides().forEach((key, sealed) -> {
      ConfigValue value = fromJson(secret.open(sealed));
      String last = key.substring(key.lastIndexOf('.') + 1).replace("\"", "");
      String fileKey = last.endsWith("-file") ? key : firstFileKey(value, key);
      if (fileKey != null) {
        throw new UserException("submitted override " + fileKey + " names a file; a member never reads files a"
            + " submitted scenario names; refused");
      }
      overrides.put(key, value.unwrapped());
    });
    return new WorkItem(run.index(), localScenario(run.scenario(), secret.open(run.scenarioText()), scenarioCache),
        overrides,
        run.mode(), run.seed(), run.deterministic());
  }

  static Experiment.Finished toFinished(Experiment.Run run, String member, ModeResult result,
      ClusterSecret secret) {
    Experiment.Finished f = new Experiment.Finished(run.experimentId(), run.index(), member,
        ModeReportCodec.encode(result.report()), result.events(), result.messages(),
        Math.round(result.wallSeconds() * 1e9), result.heapBytes(), result.complete(),
        result.stopReason() == null ? "" : result.stopReason(), "");
    return new Experiment.Finished(f.experimentId(), f.index(), f.member(), f.modeReportJson(), f.events(),
        f.messages(), f.wallNs(), f.heapBytes(), f.complete(), f.stopReason(), secret.mac(f));
  }

  static ModeResult toResult(Experiment.Finished finished, String modeName) {
    return new ModeResult(ModeReportCodec.decode(modeName, finished.modeReportJson()), finished.events(),
        finished.messages(), finished.wallNs() / 1e9, finished.heapBytes(), finished.complete(),
        finished.stopReason());
  }

  static Map<String, String> toHocon(Map<String, Object> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    overrides.forEach((key, value) -> out.put(key, ConfigValueFactory.fromAnyRef(value).render(CONCISE)));
    return out;
  }

  static Object fromHocon(String text) {
    return fromJson(text).unwrapped();
  }

  /** An override's value as sent ({@link #toHocon} renders JSON): parsed as JSON, includes refused. */
  private static ConfigValue fromJson(String text) {
    try {
      return ConfigFactory.parseString("{\"v\":" + text + "}", ConfigParseOptions.defaults()
          .setSyntax(ConfigSyntax.JSON).setIncluder(REFUSE_INCLUDES)).getValue("v");
    } catch (ConfigException e) {
      throw new UserException("submitted override: not a JSON value; refused");
    }
  }

  /**
   * The scenario as it travels: the submitter's file parsed here, its {@code include}s and substitutions resolved
   * here (with the submitter's own files and environment), rendered as JSON; empty for the builtin scenario. A
   * member receives data only: nothing in it names a file to read or a variable to look up there. A scenario that
   * names a trace file is refused (members do not read files a submitted scenario names), as is an unreadable file.
   */
  static String scenarioText(String scenario) {
    if (LoadedScenario.BUILTIN.equals(scenario)) {
      return "";
    }
    Path file = Path.of(scenario);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UserException(file + ": cannot read the scenario file (missing or not readable)");
    }
    Config resolved;
    try {
      Config parsed = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      resolved = parsed.resolveWith(parsed.withFallback(ConfigFactory.defaultReference()));
    } catch (ConfigException e) {
      throw new UserException(file + ": " + e.getMessage().lines().findFirst().orElse("cannot be parsed"));
    }
    String trace = firstFileKey(resolved.root(), "");
    if (trace != null) {
      throw new UserException(file + ": " + trace + " names a file; cluster members never read files a submitted"
          + " scenario names (docs/cluster.md): run this scenario without --cluster");
    }
    return resolved.root().render(ConfigRenderOptions.concise());
  }

  /**
   * Parses a submitted scenario's text on a member: JSON only (no {@code include}, no substitutions), every
   * {@code include} refused even so, and no key that names a file. Throws {@link UserException} with a reason
   * that quotes no value from the text.
   */
  static Config parseSubmitted(String text) {
    Config parsed;
    try {
      parsed = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON)
          .setAllowMissing(false).setIncluder(REFUSE_INCLUDES).setOriginDescription("submitted scenario"));
    } catch (ConfigException e) {
      throw new UserException("submitted scenario: not the resolved JSON a submitter sends (an include,"
          + " a substitution or a syntax error); refused");
    }
    String fileKey = firstFileKey(parsed.root(), "");
    if (fileKey != null) {
      throw new UserException("submitted scenario: " + fileKey + " names a file; a member never reads files a"
          + " submitted scenario names; refused");
    }
    return parsed;
  }

  /** The path of the first non-empty {@code *-file} key under {@code value}, or null. */
  private static String firstFileKey(ConfigValue value, String path) {
    if (value instanceof ConfigObject object) {
      for (Map.Entry<String, ConfigValue> e : new java.util.TreeMap<>(object).entrySet()) {
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getKey().endsWith("-file") && e.getValue().valueType() == ConfigValueType.STRING
            && !((String) e.getValue().unwrapped()).isEmpty()) {
          return child;
        }
        String found = firstFileKey(e.getValue(), child);
        if (found != null) {
          return found;
        }
      }
    } else if (value instanceof ConfigList list) {
      for (int i = 0; i < list.size(); i++) {
        String found = firstFileKey(list.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** An includer that refuses: a submitted scenario never makes a member open anything. */
  private static final ConfigIncluder REFUSE_INCLUDES = new ConfigIncluder() {
    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
      return this;
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
      throw new ConfigException.BugOrBroken("include refused in a submitted scenario");
    }
  };

  /**
   * The scenario file a member runs: the submitted text checked by {@link #parseSubmitted} and re-rendered from
   * the parsed tree (so the file holds plain data whatever was sent), under {@code cache/<sha-256 prefix>/<file
   * name>} (the name kept, since a scenario's name derives from it). Never the submitter's path, even when a file
   * exists there.
   */
  static String localScenario(String scenario, String text, Path cache) {
    if (LoadedScenario.BUILTIN.equals(scenario)) {
      return scenario;
    }
    String data = parseSubmitted(text).root().render(ConfigRenderOptions.concise());
    Path submitted = Path.of(scenario).getFileName();
    String name = submitted == null ? "" : submitted.toString();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
      name = "scenario.conf";
    }
    try {
      Path dir = cache.resolve(sha256(data).substring(0, 16));
      Path copy = dir.resolve(name);
      if (!Files.isReadable(copy)) {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".scenario", ".tmp");
        Files.writeString(temp, data, StandardCharsets.UTF_8);
        Files.move(temp, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return copy.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the submitted scenario under " + cache, e);
    }
  }

  /**
   * A member's failure reason without the value of an unknown key: a scenario's unknown keys are where a value
   * the submitter should not see would show (it never can now, since scenarios arrive resolved; this keeps it so).
   */
  static String withoutUnknownKeyValues(String reason) {
    int unknown = reason.indexOf(": unknown key");
    if (unknown < 0) {
      return reason;
    }
    int equals = reason.lastIndexOf(" = ", unknown);
    return equals < 0 ? reason : reason.substring(0, equals) + reason.substring(unknown);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
