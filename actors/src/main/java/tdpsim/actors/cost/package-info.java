/** The cost model: virtual nanoseconds per operation, with sources in reference.conf. No Pekko here. */
package tdpsim.actors.cost;
