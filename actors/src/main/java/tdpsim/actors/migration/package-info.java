/**
 * Live migration: the migration actor (pre-copy rounds, stop-and-copy) and dirty tracking by D bits,
 * write-protection or PML. The dirty bitmap and the lost-write oracle live in {@code tdpsim.actors.dirty}.
 */
package tdpsim.actors.migration;
