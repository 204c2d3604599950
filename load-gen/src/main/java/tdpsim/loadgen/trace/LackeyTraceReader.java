package tdpsim.loadgen.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tdpsim.loadgen.scenario.ScenarioException;

/**
 * Reads the output of {@code valgrind --tool=lackey --trace-mem=yes}: records {@code I  addr,size} (instruction
 * fetch, a read), {@code  L addr,size} (load), {@code  S addr,size} (store, a write) and {@code  M addr,size}
 * (modify, one access that writes), with addresses in hex without 0x. Lines starting with {@code ==} (valgrind's
 * own messages) and blank lines are skipped; anything else is an error naming the file and line.
 *
 * <p>An access counts for the 4 KiB page of its first byte ({@code address >>> 12}); the rare access that
 * straddles a page boundary is not split.
 */
public final class LackeyTraceReader {
  private LackeyTraceReader() {}

  /** Parsed traces by file, size and modification time: read once for the load-time check and every vCPU. */
  private static final Map<String, SoftReference<LackeyTrace>> CACHE = new ConcurrentHashMap<>();

  /**
   * Parses the whole trace, or returns the trace parsed before from the same unchanged file;
   * {@link ScenarioException} on an unreadable file or a malformed line.
   */
  public static LackeyTrace read(Path file) {
    String key;
    try {
      key = file.toAbsolutePath().normalize() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read trace file: " + e.getMessage(), e);
    }
    SoftReference<LackeyTrace> cached = CACHE.get(key);
    LackeyTrace trace = cached == null ? null : cached.get();
    if (trace == null) {
      trace = parse(file);
      CACHE.put(key, new SoftReference<>(trace));
    }
    return trace;
  }

  private static LackeyTrace parse(Path file) {
    long[] pages = new long[4096];
    boolean[] writes = new boolean[4096];
    int count = 0;
    int lineNumber = 0;
    // ISO-8859-1 maps every byte to a char, so a binary file fails on its first bad line, with its number,
    // instead of as an undecodable stream.
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("==")) {
          continue;
        }
        long record = parse(line);
        if (record < 0) {
          String what = isText(line) ? "malformed lackey record \"" + clip(line) + "\"" : "binary data";
          throw new ScenarioException(file + ": line " + lineNumber + ": " + what
              + ": expected \"I|L|S|M <hex address>,<size>\"");
        }
        if (count == pages.length) {
          pages = Arrays.copyOf(pages, count * 2);
          writes = Arrays.copyOf(writes, count * 2);
        }
        pages[count] = record >>> 1;
        writes[count] = (record & 1L) != 0;
        count++;
      }
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read trace file: " + e.getMessage(), e);
    }
    if (count == 0) {
      throw new ScenarioException(file + ": " + (lineNumber == 0 ? "empty trace" : "trace of " + lineNumber
          + " lines") + " has no I/L/S/M records (valgrind --tool=lackey --trace-mem=yes output expected)");
    }
    return LackeyTrace.of(pages, writes, count);
  }

  /** {@code page << 1 | write} for a well-formed record, or -1. */
  static long parse(String line) {
    int i = 0;
    int length = line.length();
    while (i < length && line.charAt(i) == ' ') {
      i++;
    }
    if (i >= length || i > 1) {
      return -1;
    }
    char kind = line.charAt(i++);
    boolean write;
    switch (kind) {
      case 'I', 'L' -> write = false;
      case 'S', 'M' -> write = true;
      default -> {
        return -1;
      }
    }
    int spaces = 0;
    while (i < length && line.charAt(i) == ' ') {
      i++;
      spaces++;
    }
    if (spaces == 0) {
      return -1;
    }
    long address = 0;
    int digits = 0;
    while (i < length && Character.digit(line.charAt(i), 16) >= 0) {
      if (digits == 15) {
        return -1; // more than 60 bits of address
      }
      address = (address << 4) | Character.digit(line.charAt(i), 16);
      i++;
      digits++;
    }
    if (digits == 0 || i >= length || line.charAt(i) != ',') {
      return -1;
    }
    i++;
    int sizeDigits = 0;
    while (i < length && Character.isDigit(line.charAt(i))) {
      i++;
      sizeDigits++;
    }
    if (sizeDigits == 0 || i != length) {
      return -1;
    }
    return ((address >>> 12) << 1) | (write ? 1L : 0L);
  }

  private static boolean isText(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c > 126 || (c < 32 && c != '\t')) {
        return false;
      }
    }
    return true;
  }

  private static String clip(String line) {
    return line.length() > 60 ? line.substring(0, 60) + "..." : line;
  }
}
