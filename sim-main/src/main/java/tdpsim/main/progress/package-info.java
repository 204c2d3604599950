/**
 * Progress display for long runs: a progress bar on a terminal, plain periodic lines on stderr otherwise, nothing
 * when quiet. Wall time here is only for showing rates and ETA to people; it never feeds the simulation, so it
 * takes a {@link java.time.Clock} rather than reading the system clock itself.
 */
package tdpsim.main.progress;
