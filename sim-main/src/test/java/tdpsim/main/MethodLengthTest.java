package tdpsim.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 20: no method or constructor in main code (any module) is over 60 lines, signature through closing brace. */
class MethodLengthTest {
  private static final int MAX_LINES = 60;
  private static final List<String> MODULES = List.of("protocol", "actors", "load-gen", "sim-main");

  @Test
  void noMainMethodIsOverSixtyLines() throws IOException {
    Path root = Cli.projectRoot();
    List<String> tooLong = new ArrayList<>();
    int measured = 0;
    for (String module : MODULES) {
      Path dir = root.resolve(module).resolve("src/main/java");
      assertThat(dir).isDirectory();
      List<Path> sources;
      try (Stream<Path> files = Files.walk(dir)) {
        sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      for (Path source : sources) {
        for (MethodLengths.Method m : MethodLengths.of(Files.readString(source, StandardCharsets.UTF_8))) {
          measured++;
          if (m.lines() > MAX_LINES) {
            tooLong.add(m.lines() + " lines: " + root.relativize(source) + ":" + m.line() + " " + m.name());
          }
        }
      }
    }
    assertThat(measured).as("methods measured").isGreaterThan(1000);
    assertThat(tooLong).as("main-code methods over " + MAX_LINES + " lines").isEmpty();
  }

  @Test
  void countsFromTheSignatureLineThroughTheClosingBraceCommentsIncluded() {
    String src = String.join("\n",
        "/** Doc. */",                                         // 1
        "final class A {",                                     // 2
        "  /** Javadoc { not counted. */",                     // 3
        "  @Override",                                         // 4
        "  @SuppressWarnings({\"a\", \"b\"})",                 // 5
        "  public <T> java.util.List<T> multi(int a,",         // 6  multi: 6..13 = 8
        "      int b) throws Exception {",                     // 7
        "    // a } in a comment",                             // 8
        "    String s = \"}\" + '}' + \"\\\"}\";",             // 9
        "    /* { */",                                         // 10
        "    Runnable r = () -> { };",                         // 11
        "    return null;",                                    // 12
        "  }",                                                 // 13
        "  A(int x) { this.x = x; }",                          // 14 A: 1
        "  static { int y = 1; }",                             // 15 (initializer, not a method)
        "  record R(int v) {",                                 // 16
        "    R {",                                             // 17 R: 17..19 = 3
        "      if (v < 0) { throw new IllegalArgumentException(); }",
        "    }",                                               // 19
        "  }",                                                 // 20
        "  enum E {",                                          // 21
        "    ONE(1) { int f() { return 1; } },",               // 22 f: 1
        "    TWO(2) { int f() { return 2; } };",               // 23 f: 1
        "    E(int n) {",                                      // 24 E: 24..25 = 2
        "    }",                                               // 25
        "    abstract int f();",                               // 26
        "  }",                                                 // 27
        "  void text() {",                                     // 28 text: 28..34 = 7
        "    String t = \"\"\"",                               // 29
        "        { unbalanced",                                // 30
        "        \"\"\";",                                     // 31
        "    Object o = new Object() {",                       // 32
        "      @Override public String toString() { return t; } };",  // 33 toString: 1
        "  }",                                                 // 34
        "  void iffy(Object a) { if (a.equals(new Object())) { a.hashCode(); } }", // 35 iffy: 1
        "}");
    assertThat(MethodLengths.of(src)).containsExactly(
        new MethodLengths.Method("multi", 6, 8),
        new MethodLengths.Method("A", 14, 1),
        new MethodLengths.Method("R", 17, 3),
        new MethodLengths.Method("f", 22, 1),
        new MethodLengths.Method("f", 23, 1),
        new MethodLengths.Method("E", 24, 2),
        new MethodLengths.Method("toString", 33, 1),
        new MethodLengths.Method("text", 28, 7),
        new MethodLengths.Method("iffy", 35, 1));
  }
}
