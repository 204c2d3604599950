/** The machine guardian (windows, wiring, stats collection) and the plain-Java machine build. */
package tdpsim.actors.machine;
