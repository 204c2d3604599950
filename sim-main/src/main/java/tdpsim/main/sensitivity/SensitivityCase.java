package tdpsim.main.sensitivity;

import java.util.Map;
import java.util.Objects;

/**
 * One rerun of the scenario: the baseline, one assumption scaled ({@code key} x {@code factor}), or a joint draw
 * (every assumption scaled by its own factor).
 *
 * @param label e.g. {@code baseline}, {@code tdp-fault x4}, {@code joint 3}
 * @param key the one key scaled, or null for the baseline and joint draws
 * @param factor the factor of {@code key}, or 1 for the baseline and joint draws
 * @param factors per scaled key its factor (one entry for one-at-a-time cases, all for joint draws)
 * @param overrides the cost overrides the case layers on the scenario
 */
public record SensitivityCase(String label, String key, double factor, Map<String, Double> factors,
    Map<String, Object> overrides) {
  public SensitivityCase {
    Objects.requireNonNull(label, "label");
    factors = Map.copyOf(factors);
    overrides = Map.copyOf(overrides);
  }

  public boolean isBaseline() {
    return factors.isEmpty();
  }

  public boolean isJoint() {
    return key == null && !factors.isEmpty();
  }
}
