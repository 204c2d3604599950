package tdpsim.main.report;

/**
 * How the simulator itself performed: the only part of a {@link RunReport} that depends on the wall clock and the
 * host, so it is kept apart from the simulated figures.
 *
 * @param events simulated events processed
 * @param wallSeconds wall-clock duration of the run, seconds
 * @param eventsPerSecond {@code events / wallSeconds}
 * @param heapBytes JVM heap in use at the end of the run, bytes
 * @param messages actor messages delivered
 */
public record SimulatorReport(long events, double wallSeconds, double eventsPerSecond, long heapBytes, long messages) {
  public SimulatorReport {
    if (events < 0 || heapBytes < 0 || messages < 0 || wallSeconds < 0) {
      throw new IllegalArgumentException("negative simulator figure");
    }
  }
}
