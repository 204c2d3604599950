/** The event trace of {@code run --trace}: a Pekko Streams sink writing JSON lines off the simulation threads. */
package tdpsim.main.trace;
