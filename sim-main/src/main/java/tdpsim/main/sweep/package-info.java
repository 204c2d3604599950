/**
 * Parameter sweeps: {@link tdpsim.main.sweep.SweepPlan} reads a sweep file and expands it into work items (the
 * cartesian product of the swept values, times the designs, each point with its own seed);
 * {@link tdpsim.main.sweep.SweepRunner} runs the items through any {@code Function<WorkItem, ModeResult>} on a
 * bounded pool; {@link tdpsim.main.sweep.SweepWriter} writes sweep.csv, sweep.json and the charts. The format is in
 * {@code docs/sweeps.md}.
 */
package tdpsim.main.sweep;
