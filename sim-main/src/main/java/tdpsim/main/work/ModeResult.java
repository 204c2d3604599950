package tdpsim.main.work;

import tdpsim.main.report.ModeReport;

/**
 * One design run on one scenario: its report and the simulator's own figures for it.
 *
 * @param stopReason why the run stopped early, empty when complete
 */
public record ModeResult(ModeReport report, long events, long messages, double wallSeconds, long heapBytes,
    boolean complete, String stopReason) {}
