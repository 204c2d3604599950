/**
 * How the machine's actors find each other, the per-VM objects they share, and the window barrier they arrive at
 * (plain Java, no Pekko: the barrier starts a member's window through a callback the guardian binds).
 */
package tdpsim.actors.wiring;
