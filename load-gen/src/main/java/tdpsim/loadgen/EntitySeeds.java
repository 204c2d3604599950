package tdpsim.loadgen;

/**
 * The one place entity random streams get their seeds. A seed is a pure function of (scenario seed, entity kind,
 * entity ids), so adding an entity never shifts another entity's stream, and equal scenarios replay equally.
 *
 * <p>Derivation: {@code h = mix(scenarioSeed ^ 0x9E3779B97F4A7C15)}, then {@code h = mix(h ^ kind.hashCode())}
 * (String.hashCode is fixed by the JLS), then for each id {@code h = mix(h + (id + 1) * 0x9E3779B97F4A7C15)}.
 * {@code mix} is the SplitMix64 finaliser (xor-shift 30/27/31 with multipliers 0xBF58476D1CE4E5B9 and
 * 0x94D049BB133111EB). Streams are {@code new SplittableRandom(seed)}.
 */
public final class EntitySeeds {
  /** vCPU streams: ids (vm index, vcpu index). */
  public static final String VCPU = "vcpu";
  /** Device DMA streams: id (device index). */
  public static final String DEVICE = "device";
  /** Host memory event streams: id (host event index in the scenario). */
  public static final String HOST_EVENT = "host-event";
  /** Migration streams: id (migration index in the scenario). */
  public static final String MIGRATION = "migration";

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private EntitySeeds() {}

  /** The seed of entity {@code kind(ids...)} in a scenario with seed {@code scenarioSeed}. */
  public static long of(long scenarioSeed, String kind, int... ids) {
    long h = mix(scenarioSeed ^ GOLDEN);
    h = mix(h ^ kind.hashCode());
    for (int id : ids) {
      h = mix(h + (id + 1L) * GOLDEN);
    }
    return h;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
