package tdpsim.main.bench;

/**
 * One measured run of the simulator or of a baseline.
 *
 * @param accesses simulated accesses: vCPU accesses plus device DMA translations (0 for the raw Pekko baseline)
 * @param messages actor messages handled (0 for the sequential replay)
 * @param virtualNs virtual time simulated
 * @param windows barrier windows run (0 for the raw baseline)
 * @param faults vCPU faults plus device page requests
 * @param heapBytes heap in use at the end of the run
 * @param gcMillis collection time during the run, all collectors
 * @param wallSeconds the whole run: actor-system start-up, machine build, windows, stats, shutdown wait
 * @param windowSeconds the windows alone: from the first window's start to the last one's end (for the raw Pekko
 *     baseline its ticks; 0 where nothing was timed apart, as the 4 TiB build)
 */
public record Measurement(String name, int threads, long entities, long accesses, long messages, long virtualNs,
    long windows, long faults, double wallSeconds, long heapBytes, long gcMillis, boolean complete,
    double windowSeconds) {

  /** The same figures under another name (for the tables). */
  public Measurement named(String newName) {
    return new Measurement(newName, threads, entities, accesses, messages, virtualNs, windows, faults, wallSeconds,
        heapBytes, gcMillis, complete, windowSeconds);
  }

  /**
   * The seconds the rates are taken over: the windows where they were timed apart, else the whole run. Start-up
   * (an actor system, the machine's build and spawn) and the stats at the end are fixed costs of a run, ~30 ms
   * here, which would otherwise make a short run's rates a measure of its length.
   */
  public double runSeconds() {
    return windowSeconds > 0 ? windowSeconds : wallSeconds;
  }

  /** Simulated accesses per second of {@link #runSeconds()}. */
  public double accessesPerSecond() {
    return runSeconds() <= 0 ? 0 : accesses / runSeconds();
  }

  /** Messages handled per second of {@link #runSeconds()}. */
  public double messagesPerSecond() {
    return runSeconds() <= 0 ? 0 : messages / runSeconds();
  }

  /** Virtual nanoseconds simulated per second of {@link #runSeconds()}. */
  public double virtualNsPerSecond() {
    return runSeconds() <= 0 ? 0 : virtualNs / runSeconds();
  }
}
