/**
 * The command line (the only {@code main}): run, sweep, footprint, bench and node commands, settings read from
 * the merged HOCON config, and the mapping from a load-gen scenario to the machine the actors run.
 */
package tdpsim.main;
