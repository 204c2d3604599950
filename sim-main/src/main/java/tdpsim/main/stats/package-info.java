/**
 * Statistics over replicated runs: Student t intervals of a mean, of a paired difference (common random numbers),
 * and Welch intervals of an unpaired difference. Quantiles come from commons-math3; nothing here knows reports.
 */
package tdpsim.main.stats;
