/**
 * The event-trace interface actors call: {@link tdpsim.actors.trace.Tracer} and the event kinds. No Pekko imports;
 * the writer (a Pekko Streams sink) lives in {@code tdpsim.main.trace}.
 */
package tdpsim.actors.trace;
