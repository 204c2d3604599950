/**
 * Synthetic vCPU access patterns (sequential, uniform, zipf, hot/cold) over a {@link tdpsim.loadgen.GuestPages}
 * run. Each draws from one {@link java.util.SplittableRandom} it is given and allocates nothing per access.
 */
package tdpsim.loadgen.synthetic;
