package tdpsim.main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Runs the command line in-process with stdout and stderr captured (tests only). */
public final class Cli {
  /** What one command line run gave. */
  public record Result(int exitCode, String out, String err) {
    /** The non-blank lines of stderr. */
    public List<String> errLines() {
      return Arrays.stream(err.split("\\R")).filter(l -> !l.isBlank()).toList();
    }
  }

  private Cli() {}

  public static synchronized Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** The repository root (the directory holding {@code scenarios/}), found from the working directory up. */
  public static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("scenarios"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no scenarios/ directory above " + Path.of("").toAbsolutePath());
    }
    return p;
  }
}
