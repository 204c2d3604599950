package tdpsim.main.sweep;

import java.util.List;
import java.util.Objects;

/**
 * One swept dimension of a sweep: either a scenario key (full path, e.g. {@code tdpsim.scenario.iommu.max-leaf})
 * whose values are layered on the base scenario, or a named variable that {@code sweep.template} refers to as
 * {@code "$name"}.
 *
 * @param name the CSV column and chart name: the key path, or the variable name
 * @param variable true for a {@code sweep.variables} entry, false for a {@code sweep.parameters} key
 * @param values the values, as {@code ConfigFactory.parseMap} takes them (unwrapped HOCON)
 * @param labels one short text per value, for CSV cells and chart categories (strings as written, others as
 *     concise HOCON)
 */
public record SweepAxis(String name, boolean variable, List<Object> values, List<String> labels) {
  public SweepAxis {
    Objects.requireNonNull(name, "name");
    values = List.copyOf(values);
    labels = List.copyOf(labels);
    if (values.isEmpty() || values.size() != labels.size()) {
      throw new IllegalArgumentException("axis " + name + ": " + values.size() + " values, " + labels.size()
          + " labels");
    }
  }

  public int size() {
    return values.size();
  }
}
