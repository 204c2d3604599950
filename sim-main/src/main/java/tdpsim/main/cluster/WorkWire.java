package tdpsim.main.cluster;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
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
      ActorRef<Experiment.Progress> replyTo) {
    return new Experiment.Run(experimentId, position, item.scenario(), scenarioText,
        toHocon(item.overrides()), item.mode(), item.seed(), item.deterministic(), replyTo);
  }

  /** The item of an assignment on the member that runs it, the scenario materialised locally when needed. */
  static WorkItem toItem(Experiment.Run run, Path scenarioCache) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    run.overrides().forEach((key, text) -> overrides.put(key, fromHocon(text)));
    return new WorkItem(run.index(), localScenario(run.scenario(), run.scenarioText(), scenarioCache), overrides,
        run.mode(), run.seed(), run.deterministic());
  }

  static Experiment.Finished toFinished(Experiment.Run run, String member, ModeResult result) {
    return new Experiment.Finished(run.experimentId(), run.index(), member, ModeReportCodec.encode(result.report()),
        result.events(), result.messages(), Math.round(result.wallSeconds() * 1e9), result.heapBytes(),
        result.complete(), result.stopReason() == null ? "" : result.stopReason());
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
    return ConfigFactory.parseString("v = " + text).getValue("v").unwrapped();
  }

  /** The text of a scenario file, empty for the builtin scenario; an unreadable file is a user mistake. */
  static String scenarioText(String scenario) {
    if (LoadedScenario.BUILTIN.equals(scenario)) {
      return "";
    }
    Path file = Path.of(scenario);
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserException(file + ": cannot read the scenario file (missing or not readable)");
    }
  }

  /**
   * The submitter's path when this member sees the same file there, else a copy of the shipped text under
   * {@code cache/<sha-256 prefix>/<file name>} (the file name kept, since a scenario's name derives from it).
   */
  static String localScenario(String scenario, String text, Path cache) {
    if (LoadedScenario.BUILTIN.equals(scenario)) {
      return scenario;
    }
    Path submitted = Path.of(scenario);
    try {
      if (Files.isReadable(submitted) && Files.readString(submitted, StandardCharsets.UTF_8).equals(text)) {
        return scenario;
      }
      Path dir = cache.resolve(sha256(text).substring(0, 16));
      Path copy = dir.resolve(submitted.getFileName().toString());
      if (!Files.isReadable(copy)) {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".scenario", ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return copy.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot materialise scenario " + scenario + " under " + cache, e);
    }
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
