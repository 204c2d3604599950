package tdpsim.main.engine;

import java.util.ArrayList;
import java.util.List;
import tdpsim.loadgen.EntitySeeds;

/**
 * The scenario seed of each replication: replication 0 keeps the scenario's seed (so {@code --repeat 1} is the
 * plain run), replication r > 0 derives its own from it. Every design of replication r runs with the same seed,
 * so each entity draws the same random stream in every design (common random numbers).
 */
public final class ReplicationSeeds {
  /** The {@link EntitySeeds} kind under which replication seeds are derived. */
  public static final String KIND = "replication";

  private ReplicationSeeds() {}

  public static List<Long> of(long scenarioSeed, int replications) {
    if (replications < 1) {
      throw new IllegalArgumentException("replications must be >= 1: " + replications);
    }
    List<Long> seeds = new ArrayList<>(replications);
    seeds.add(scenarioSeed);
    for (int r = 1; r < replications; r++) {
      seeds.add(EntitySeeds.of(scenarioSeed, KIND, r));
    }
    return seeds;
  }
}
