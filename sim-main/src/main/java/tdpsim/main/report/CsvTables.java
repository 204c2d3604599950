package tdpsim.main.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;

/**
 * The one CSV writer of the reports, on Jackson's CSV dataformat: RFC 4180 ({@code CRLF} line ends; a field is
 * quoted only when it holds a comma, quote, CR or LF, with quotes doubled), UTF-8 without BOM. Cells are strings,
 * integers (written as numbers), doubles (plain decimal, at most three fractional digits) or null (empty).
 */
public final class CsvTables implements Closeable {
  private static final CsvMapper MAPPER = CsvMapper.builder()
      .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .build();

  private final SequenceWriter rows;
  private final int columns;

  private CsvTables(SequenceWriter rows, int columns) {
    this.rows = rows;
    this.columns = columns;
  }

  /**
   * Starts a table on {@code out}, writing the header row unless {@code header} is false (appending to a file
   * that has it). Closing the table flushes but leaves {@code out} open.
   */
  public static CsvTables open(OutputStream out, List<String> columns, boolean header) throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setLineSeparator("\r\n").setUseHeader(header);
    columns.forEach(schema::addColumn);
    return new CsvTables(MAPPER.writer(schema.build()).writeValues(out), columns.size());
  }

  /** Writes one row; it must have one cell per column. */
  public void row(List<?> cells) throws IOException {
    if (cells.size() != columns) {
      throw new IllegalArgumentException(cells.size() + " cells for " + columns + " columns");
    }
    Object[] values = new Object[cells.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = cell(cells.get(i));
    }
    rows.write(values);
  }

  /** Pushes the rows written so far to the stream. */
  public void flush() throws IOException {
    rows.flush();
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }

  private static Object cell(Object value) {
    if (value instanceof Double || value instanceof Float) {
      String text = Units.plain(((Number) value).doubleValue());
      return text == null ? null : new BigDecimal(text);
    }
    return value;
  }
}
