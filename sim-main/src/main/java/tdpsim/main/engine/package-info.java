/**
 * Running one machine in an actor system of its own (deterministic on one thread, or parallel), the wall clock
 * for the simulator's own figures, and the merge of entity stats into a design's report.
 */
package tdpsim.main.engine;
