package tdpsim.main.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tdpsim.main.work.LoadedScenario;

/**
 * Scenarios the bench generates for its scaling tables: a population of alike VMs with one ATS + PRI NIC each,
 * zipf vCPU accesses (population sweep) or sequential first touch (guest-memory sweep, so that pages touched in
 * a given virtual time are the same whatever the guest size). Written to a temp file and loaded through the
 * normal scenario loader, so they are validated like any user scenario. The scale scenarios are committed
 * under {@code scenarios/bench/}.
 */
public final class BenchScenarios {
  private BenchScenarios() {}

  /** Shape of a generated scenario. */
  public record Shape(String name, int vms, int vcpus, String memory, String pattern, String duration,
      boolean device) {}

  public static String hocon(Shape s) {
    StringBuilder b = new StringBuilder();
    b.append("tdpsim.scenario {\n")
        .append("  name = ").append(s.name()).append('\n')
        .append("  seed = 7\n")
        .append("  run.duration = ").append(s.duration()).append('\n')
        .append("  vms = [{ name = vm, count = ").append(s.vms()).append(", vcpus = ").append(s.vcpus())
        .append(", memslots = [{ gpa = 0, size = ").append(s.memory()).append(" }]\n")
        .append("    access { pattern = ").append(s.pattern()).append(", think-time = 100ns } }]\n");
    if (s.device()) {
      b.append("  devices = [{ name = nic, vm = vm, ats = true, pri = true,\n")
          .append("    dma { pattern = ring, buffer-base = 0, ring-size = 256KiB, rate = 10Gbit/s } }]\n");
    }
    b.append("}\n");
    return b.toString();
  }

  /** Loads a generated scenario through the normal loader (parallel engine). */
  public static LoadedScenario load(Shape s) {
    return load(s, Map.of());
  }

  /** As {@link #load(Shape)}, with configuration {@code overrides} (keys as in a scenario file). */
  public static LoadedScenario load(Shape s, Map<String, Object> overrides) {
    try {
      Path file = Files.createTempFile("tdpsim-bench-" + s.name() + "-", ".conf");
      try {
        Files.writeString(file, hocon(s));
        return LoadedScenario.load(file, overrides, false);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
