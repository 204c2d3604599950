package tdpsim.main;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"tdpsim " + (v == null ? BuildInfo.version() : v) + " (git " + BuildInfo.gitCommit() + ")"};
  }
}
