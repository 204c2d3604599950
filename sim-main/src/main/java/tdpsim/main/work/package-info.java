/**
 * Units of experiment work (a scenario, overrides, a design, a seed) and the one runner that turns them into
 * reports; used by run, sweep, bench and the cluster alike.
 */
package tdpsim.main.work;
