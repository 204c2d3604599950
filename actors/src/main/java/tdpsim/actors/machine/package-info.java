/** The machine guardian (spawning, the first window, the end of the run, stats collection) and the machine build. */
package tdpsim.actors.machine;
