package tdpsim.main.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Writes reports to a directory so that no reader ever sees a half-written file: each file is written to a temp
 * file in the same directory, forced to disk, then renamed over the target.
 *
 * <p>The rename is atomic on one filesystem; where the filesystem refuses {@code ATOMIC_MOVE} we fall back to a
 * replacing move, which can expose a short window but still never a truncated file from this writer.
 */
public final class ReportWriter {
  static final String TEMP_SUFFIX = ".tmp";
  private static final DateTimeFormatter OUT_DIR_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private ReportWriter() {}

  /**
   * Writes {@code report} in every format of {@code formats} (in enum order) into {@code dir}, creating it.
   *
   * @return the files written, in order
   */
  public static List<Path> writeAll(Path dir, RunReport report, Set<ReportFormat> formats) throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Reporter.Sink sink =
        (fileName, body) -> {
          Path target = resolve(dir, fileName);
          writeAtomically(target, body);
          written.add(target);
        };
    for (ReportFormat format : formats.isEmpty() ? Set.<ReportFormat>of() : EnumSet.copyOf(formats)) {
      format.create().write(report, sink);
    }
    return List.copyOf(written);
  }

  /**
   * Writes one file atomically: on success {@code target} holds exactly what {@code body} wrote; on failure the
   * temp file is removed, {@code target} is untouched and the exception propagates.
   */
  public static void writeAtomically(Path target, Reporter.Body body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
    try {
      makeReadable(temp);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(channel);
        body.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Temp files are created owner-only; reports are meant to be shared, so open them to reading like any file. */
  private static void makeReadable(Path temp) throws IOException {
    if (Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** The default output directory, {@code tdpsim-out/<yyyyMMdd-HHmmss>} in the clock's zone. */
  public static Path defaultOutDir(Clock clock) {
    return Path.of("tdpsim-out", OUT_DIR_STAMP.withZone(clock.getZone()).format(clock.instant()));
  }

  private static Path resolve(Path dir, String fileName) {
    checkFileName(fileName);
    return dir.resolve(fileName);
  }

  /** Rejects names that would leave the output directory or hide among our temp files. */
  static void checkFileName(String fileName) {
    Path name = Path.of(fileName);
    if (fileName.isEmpty() || name.getNameCount() != 1 || name.isAbsolute() || fileName.startsWith(".")) {
      throw new IllegalArgumentException("report file name must be a plain name: " + fileName);
    }
  }
}
