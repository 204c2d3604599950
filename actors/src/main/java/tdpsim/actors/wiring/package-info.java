/** How the machine's actors find each other and the per-VM objects they share; no behaviour. */
package tdpsim.actors.wiring;
