package tdpsim.main.cluster;

import tdpsim.main.work.ModeResult;

/** Progress of a clustered experiment as the submitter sees it; called on the experiment's actor, keep it short. */
public interface ExperimentListener {
  /** Item {@code index} began running on {@code member} (again, after a re-run). */
  default void started(int index, String member) {}

  /** Item {@code index} finished on {@code member}; called once per item. */
  default void finished(int index, ModeResult result, String member) {}

  ExperimentListener NONE = new ExperimentListener() {};
}
