/**
 * The host's memory events (MMU-notifier sources: reclaim, migration, compaction, THP split/collapse, KSM) as a
 * deterministic, time-ordered schedule. What an event does to the tables is the actors' business, not this one's.
 */
package tdpsim.loadgen.host;
