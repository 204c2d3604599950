/**
 * Cost distributions: a cost key's value is a constant or a distribution (lognormal from a median and a p99,
 * uniform, empirical histogram). Parameters are precomputed at load so that a draw is a few arithmetic operations
 * on the caller's own random stream and allocates nothing. Plain Java, no Pekko.
 */
package tdpsim.actors.cost.dist;
