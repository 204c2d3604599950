package tdpsim.main.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The output directory of a command, checked before anything runs and written as a whole: a report set is
 * written into a temporary sibling directory and renamed into place, so a reader never sees a mix of two runs or
 * a set that was not fully written, and a failure leaves no {@code .tmp} behind.
 */
public final class OutDir {
  private OutDir() {}

  /** What must be true of an output directory before a run starts; a message fit for one line, or empty. */
  public static Optional<String> problem(Path out, boolean force) {
    String text = out.toString();
    if (text.isBlank()) {
      return Optional.of("--out \"\": expected a directory name");
    }
    Path abs = out.toAbsolutePath().normalize();
    if (abs.startsWith("/proc") || abs.startsWith("/sys") || abs.startsWith("/dev")) {
      return Optional.of("--out " + out + ": not a place for reports (under /proc, /sys or /dev)");
    }
    if (abs.getParent() == null) {
      return Optional.of("--out " + out + ": the file system root cannot be an output directory");
    }
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) || Files.exists(abs)) {
      if (!Files.isDirectory(abs)) {
        return Optional.of("--out " + out + ": exists and is not a directory");
      }
      if (!isEmpty(abs) && !force) {
        return Optional.of("--out " + out + ": exists and is not empty; choose another directory, or add --force to "
            + "replace it whole");
      }
    }
    // The nearest existing ancestor must be a directory in which we can create the set (and its sibling).
    Path existing = abs.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      return Optional.of("--out " + out + ": cannot be created: " + existing + " is not a directory");
    }
    try {
      Path probe = Files.createTempDirectory(existing, ".tdpsim-probe-");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      return Optional.of("--out " + out + ": cannot be created: " + existing + " is not writable ("
          + e.getClass().getSimpleName() + ")");
    }
    return Optional.empty();
  }

  /** Writes the files of one report set into a directory. */
  @FunctionalInterface
  public interface SetWriter {
    void writeInto(Path dir) throws IOException;
  }

  /**
   * Writes a whole set: into {@code .<name>.tmp-*} next to {@code out}, then renamed to {@code out}. An existing
   * {@code out} is replaced only when {@code force} (or when empty), and only once the new set is complete. On
   * failure nothing of the new set remains and {@code out} is as it was.
   */
  public static void writeSet(Path out, boolean force, SetWriter writer) throws IOException {
    Path abs = out.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Files.createDirectories(parent);
    String name = abs.getFileName().toString();
    Path temp = Files.createTempDirectory(parent, "." + name + ".tmp-");
    try {
      writer.writeInto(temp);
      if (Files.isDirectory(abs)) {
        if (!isEmpty(abs) && !force) {
          throw new IOException(out + " is not empty (written meanwhile?); use --force to replace it");
        }
        Path old = Files.createTempDirectory(parent, "." + name + ".old-");
        Files.delete(old);
        Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
        try {
          Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
          throw e;
        }
        deleteTree(old);
      } else {
        Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException | Error e) {
      try {
        deleteTree(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      return !entries.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes a directory tree (no links followed); nothing when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
