/**
 * The {@code tdpsim bench} harness: the simulator measured side by side with a raw Pekko baseline of the same
 * message pattern and a one-thread replay of the same accesses without actors, plus scaling runs. Wall-clock
 * reads live here and in {@code engine.WallClock} only; nothing here is on the simulated path.
 */
package tdpsim.main.bench;
