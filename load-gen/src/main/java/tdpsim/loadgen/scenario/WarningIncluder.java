package tdpsim.loadgen.scenario;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseable;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * HOCON's own include, plus a note of every plain {@code include "x.conf"} that found nothing: HOCON ignores a
 * missing include silently, which hides a mistyped name. The note becomes a warning line; the strict form,
 * {@code include required("x.conf")}, still fails the load.
 */
final class WarningIncluder implements ConfigIncluder, ConfigIncluderFile {
  private final ConfigIncluder fallback;
  private final List<String> warnings;

  WarningIncluder() {
    this(null, new ArrayList<>());
  }

  private WarningIncluder(ConfigIncluder fallback, List<String> warnings) {
    this.fallback = fallback;
    this.warnings = warnings;
  }

  List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public ConfigIncluder withFallback(ConfigIncluder fallback) {
    return this.fallback == null ? new WarningIncluder(fallback, warnings) : this;
  }

  @Override
  public ConfigObject include(ConfigIncludeContext context, String what) {
    ConfigObject included = fallback != null ? fallback.include(context, what)
        : ConfigFactory.empty().root();
    if (included.isEmpty() && context.parseOptions().getAllowMissing() && !exists(context, what)) {
      warn("include \"" + what + "\"");
    }
    return included;
  }

  @Override
  public ConfigObject includeFile(ConfigIncludeContext context, File file) {
    ConfigObject included = fallback instanceof ConfigIncluderFile f ? f.includeFile(context, file)
        : ConfigFactory.parseFileAnySyntax(file, context.parseOptions()).root();
    if (included.isEmpty() && context.parseOptions().getAllowMissing() && !file.exists()) {
      warn("include file(\"" + file + "\")");
    }
    return included;
  }

  private void warn(String include) {
    warnings.add(include + " found no file and was ignored (HOCON skips a missing include; write include "
        + "required(...) to make it an error)");
  }

  /** Whether the name resolves to something, with or without an extension, next to the including file. */
  private static boolean exists(ConfigIncludeContext context, String what) {
    for (String name : new String[] {what, what + ".conf", what + ".json", what + ".properties"}) {
      ConfigParseable parseable = context.relativeTo(name);
      if (parseable == null) {
        continue;
      }
      try {
        parseable.parse(context.parseOptions().setAllowMissing(false));
        return true;
      } catch (ConfigException e) {
        // Missing or unreadable under this name; try the next.
      }
    }
    return false;
  }
}
