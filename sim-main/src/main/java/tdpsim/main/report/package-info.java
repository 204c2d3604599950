/**
 * The run report: an immutable record tree filled by the simulator after a run, and the reporters that turn it
 * into a terminal table, JSON, CSV, charts and one self-contained HTML page.
 *
 * <p>Nothing here reads the wall clock or runs on the simulated path; the only wall-clock figures are the ones in
 * {@link tdpsim.main.report.SimulatorReport}, handed in by the caller. Files are written through {@link
 * tdpsim.main.report.ReportWriter}, which never leaves a half-written file behind.
 */
package tdpsim.main.report;
