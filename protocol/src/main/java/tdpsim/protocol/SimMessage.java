package tdpsim.protocol;

/**
 * Marker for every message of the simulated machine. Pekko binds it to the Kryo serializer, so any message that
 * crosses nodes is encoded with a registered class id, never by class name.
 */
public interface SimMessage {}
