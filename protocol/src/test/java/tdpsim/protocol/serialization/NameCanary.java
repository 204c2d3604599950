package tdpsim.protocol.serialization;

/**
 * Named on the wire by the by-name refusal test and referenced nowhere else: initializing it sets a system
 * property, which the test checks is still absent.
 */
public final class NameCanary {
  static final String LOADED_PROPERTY = "tdpsim.test.name-canary-initialized";

  static {
    System.setProperty("tdpsim.test.name-canary-initialized", "true");
  }

  private NameCanary() {}
}
