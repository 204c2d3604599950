/**
 * {@code tdpsim compare A B}: two report.json files side by side, per design and figure, with ratios and, when
 * both are replicated, Welch intervals of the difference. Reads reports only; runs nothing.
 */
package tdpsim.main.compare;
