package tdpsim.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mutations of the shipped scenarios for the fuzz tests (issue 18): a deleted line, two values swapped, a number
 * given a random unit, random bytes written over the text. Each is a pure function of (scenario, kind, seed), so
 * jqwik can shrink and replay a failing case.
 */
final class ScenarioMutations {
  static final int KINDS = 4;
  private static final Pattern VALUE = Pattern.compile("(=\\s*)([^,}\\]\\n]+)");
  private static final Pattern NUMBER = Pattern.compile("\\b(\\d+)([A-Za-z/]*)");
  private static final String[] UNITS = {"", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ns", "us", "ms", "s", "m",
      "h", "d", "Gbit/s", "B", "kB", "%", "x", "e9", ".5"};

  private ScenarioMutations() {}

  /** The shipped scenarios (top level of scenarios/, the bench and sweep folders aside), in name order. */
  static List<Path> shipped() {
    try (Stream<Path> files = Files.list(Cli.projectRoot().resolve("scenarios"))) {
      return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A directory where mutated scenarios can live next to a copy of the shipped traces. */
  static Path workDir(Path tmp) throws IOException {
    Path traces = tmp.resolve("traces");
    if (!Files.isDirectory(traces)) {
      Files.createDirectories(traces);
      try (Stream<Path> files = Files.list(Cli.projectRoot().resolve("scenarios/traces"))) {
        for (Path f : files.toList()) {
          Files.copy(f, traces.resolve(f.getFileName()));
        }
      }
    }
    return tmp;
  }

  static byte[] mutate(byte[] original, int kind, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String text = new String(original, StandardCharsets.UTF_8);
    return switch (kind) {
      case 0 -> deleteLine(text, random).getBytes(StandardCharsets.UTF_8);
      case 1 -> swapValues(text, random).getBytes(StandardCharsets.UTF_8);
      case 2 -> randomUnit(text, random).getBytes(StandardCharsets.UTF_8);
      default -> randomBytes(original, random);
    };
  }

  static String describe(int kind) {
    return switch (kind) {
      case 0 -> "deleted line";
      case 1 -> "swapped values";
      case 2 -> "random unit";
      default -> "random bytes";
    };
  }

  private static String deleteLine(String text, SplittableRandom random) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    lines.remove(random.nextInt(lines.size()));
    return String.join("\n", lines);
  }

  private static String swapValues(String text, SplittableRandom random) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = VALUE.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(2), m.end(2)});
    }
    if (spans.size() < 2) {
      return text;
    }
    int[] a = spans.get(random.nextInt(spans.size()));
    int[] b = spans.get(random.nextInt(spans.size()));
    if (a[0] > b[0]) {
      int[] t = a;
      a = b;
      b = t;
    }
    if (a[0] == b[0]) {
      return text;
    }
    String va = text.substring(a[0], a[1]);
    String vb = text.substring(b[0], b[1]);
    return text.substring(0, a[0]) + vb + text.substring(a[1], b[0]) + va + text.substring(b[1]);
  }

  private static String randomUnit(String text, SplittableRandom random) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] s = spans.get(random.nextInt(spans.size()));
    String digits = text.substring(s[0], s[1]).replaceAll("[^0-9].*", "");
    if (random.nextInt(4) == 0) {
      digits = Long.toString(random.nextLong(1, Long.MAX_VALUE));
    }
    return text.substring(0, s[0]) + digits + UNITS[random.nextInt(UNITS.length)] + text.substring(s[1]);
  }

  private static byte[] randomBytes(byte[] original, SplittableRandom random) {
    byte[] b = original.clone();
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n && b.length > 0; i++) {
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    }
    return b;
  }
}
