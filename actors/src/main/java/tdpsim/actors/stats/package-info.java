/** Per-entity counters and HdrHistogram latencies, and their merge at the end of a run. No Pekko here. */
package tdpsim.actors.stats;
