/**
 * Live migration: the migration actor (pre-copy rounds, stop-and-copy), dirty tracking by D bits,
 * write-protection or PML, and the write oracle that counts lost writes independently of the table.
 */
package tdpsim.actors.migration;
