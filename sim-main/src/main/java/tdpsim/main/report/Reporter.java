package tdpsim.main.report;

import java.io.IOException;
import java.io.OutputStream;

/** Turns a {@link RunReport} into one or more files of one format; {@link ReportWriter} decides where they land. */
public interface Reporter {

  /** Emits every file of this format for {@code report} into {@code sink}, in a fixed order. */
  void write(RunReport report, Sink sink) throws IOException;

  /** Receives the files a reporter produces; implementations may write them atomically, or keep them in memory. */
  @FunctionalInterface
  interface Sink {
    /**
     * Adds the file {@code fileName} (a plain name, no directories) whose bytes {@code body} writes. If {@code
     * body} throws, the file is not created and any previous file of that name is left as it was.
     */
    void file(String fileName, Body body) throws IOException;
  }

  /** Writes the content of one file. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }
}
