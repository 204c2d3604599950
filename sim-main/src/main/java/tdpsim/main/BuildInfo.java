package tdpsim.main;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import tdpsim.main.report.Provenance;
import tdpsim.main.work.LoadedScenario;

/**
 * The build this tdpsim comes from: its version and the git commit, written into {@code tdpsim/build.properties}
 * at build time (sim-main's pom runs {@code git rev-parse HEAD}); {@code unknown} when built outside git.
 */
public final class BuildInfo {
  public static final String UNKNOWN = "unknown";
  private static final Properties PROPS = load();

  private BuildInfo() {}

  public static String version() {
    return PROPS.getProperty("version", UNKNOWN);
  }

  public static String gitCommit() {
    String commit = PROPS.getProperty("commit", UNKNOWN).trim();
    return commit.matches("[0-9a-f]{7,64}") ? commit : UNKNOWN;
  }

  public static String javaVersion() {
    return System.getProperty("java.version", UNKNOWN);
  }

  /** The provenance of a run of {@code loaded} with these replication seeds. */
  public static Provenance provenance(LoadedScenario loaded, List<Long> seeds) {
    return Provenance.of(version(), gitCommit(), javaVersion(), loaded.scenarioHocon(), loaded.costHocon(), seeds,
        seeds.size());
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/tdpsim/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // No build information: every field reads "unknown".
    }
    return p;
  }
}
