package tdpsim.main.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import tdpsim.main.report.OutDir;
import tdpsim.main.report.ResultsCsv;

/**
 * Where a sweep works and where its set appears. The sweep writes its journal ({@code sweep.jsonl},
 * {@code results.csv}) as items finish into an in-progress directory beside {@code --out},
 * {@code .<name>.sweep-partial}; {@code --out} itself only ever holds a whole set: at the end (or at Ctrl-C, marked
 * incomplete) the outputs and a copy of the journal are written into a temporary sibling and renamed into place
 * ({@link OutDir#writeSet}), and the in-progress directory is removed. So a reused {@code --out} never mixes two
 * sweeps, a failed write (a full disk) leaves {@code --out} as it was and no file that claims a complete sweep, and
 * a sweep killed outright leaves only its in-progress directory, which {@code sweep --resume DIR} continues.
 */
public final class SweepDir {
  static final String WORK_SUFFIX = ".sweep-partial";

  private final Path out;
  private final Path work;
  private final boolean replace;
  /** Whether this process made the in-progress directory (not a killed sweep's that --resume continues). */
  private final boolean fresh;
  private boolean published;

  private SweepDir(Path out, Path work, boolean replace, boolean fresh) {
    this.out = out;
    this.work = work;
    this.replace = replace;
    this.fresh = fresh;
  }

  /** The in-progress directory of a sweep into {@code out}: {@code .<name>.sweep-partial} beside it. */
  public static Path workOf(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    return abs.resolveSibling("." + abs.getFileName() + WORK_SUFFIX);
  }

  /**
   * Why a new sweep may not start into {@code out}, in one line, or empty: {@link OutDir#problem}, and the
   * in-progress state of an unfinished sweep there, which only {@code --force} discards.
   */
  public static Optional<String> problem(Path out, boolean force) {
    Optional<String> p = OutDir.problem(out, force);
    if (p.isPresent() || force || !Files.exists(workOf(out))) {
      return p;
    }
    return Optional.of("--out " + out + ": an unfinished sweep's state is in " + workOf(out) + "; add --resume "
        + out + " to finish it, or --force to start over");
  }

  /** A new sweep into {@code out}: an empty in-progress directory (an old one is removed: --force was checked). */
  public static SweepDir start(Path out, boolean force) throws IOException {
    Path work = workOf(out);
    OutDir.deleteTree(work);
    Files.createDirectories(work);
    return new SweepDir(out, work, force, true);
  }

  /**
   * The directory holding the journal {@code --resume out} continues from: the in-progress directory of a sweep
   * that was killed outright when there is one, else {@code out} (a set written at the end or at Ctrl-C).
   */
  public static Path journalHome(Path out) {
    Path work = workOf(out);
    return Files.isRegularFile(work.resolve(SweepJournal.FILE_NAME)) ? work : out;
  }

  /**
   * Resumes the sweep of {@code out}: continues in its in-progress directory, or starts one from the journal of
   * the set in {@code out}. The set in {@code out} stays as it is until the resumed sweep publishes its own.
   */
  public static SweepDir resume(Path out) throws IOException {
    Path work = workOf(out);
    boolean fresh = journalHome(out).equals(out);
    if (fresh) {
      OutDir.deleteTree(work);
      Files.createDirectories(work);
      Files.copy(out.resolve(SweepJournal.FILE_NAME), work.resolve(SweepJournal.FILE_NAME));
    }
    return new SweepDir(out, work, true, fresh);
  }

  /** A sweep that could not start: removes the in-progress directory this process made (a killed one's stays). */
  public void abandon() {
    if (fresh) {
      try {
        OutDir.deleteTree(work);
      } catch (IOException e) {
        // Left for the next --force to remove; the error the caller reports matters more.
      }
    }
  }

  /** Where the journal is written while the sweep runs. */
  public Path work() {
    return work;
  }

  /** Where the set appears. */
  public Path out() {
    return out;
  }

  /**
   * Publishes a set: the journal's files and what {@code outputs} writes, into a temporary sibling renamed to
   * {@code out} (replacing the set there only with --force or --resume); then removes the in-progress directory.
   * On failure {@code out} and the in-progress directory are as they were. Only the first call publishes (the
   * end of the sweep, or the Ctrl-C hook, whichever comes first); later calls return false.
   */
  public synchronized boolean publish(OutDir.SetWriter outputs) throws IOException {
    if (published) {
      return false;
    }
    OutDir.writeSet(out, replace, dir -> {
      for (String name : new String[] {SweepJournal.FILE_NAME, ResultsCsv.FILE_NAME}) {
        Path from = work.resolve(name);
        if (Files.isRegularFile(from)) {
          Files.copy(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      outputs.writeInto(dir);
    });
    published = true;
    OutDir.deleteTree(work);
    return true;
  }
}
