/**
 * Recorded memory traces replayed as vCPU workloads: one reader class per trace format (valgrind lackey for now)
 * producing a {@link tdpsim.loadgen.trace.LackeyTrace}, and {@link tdpsim.loadgen.trace.TraceWorkload}, which
 * folds the trace's pages into a VM's guest pages by the rule documented there and in docs/scenario-schema.md.
 */
package tdpsim.loadgen.trace;
