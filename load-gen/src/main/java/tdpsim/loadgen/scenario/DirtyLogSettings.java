package tdpsim.loadgen.scenario;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How KVM turns dirty logging of a memslot range on and off ({@code tdpsim.scenario.dirty-log}), for the
 * {@code dirty-log} and {@code dirty-log-stop} events (kvm_mmu_slot_apply_flags).
 *
 * @param pml the CPU has PML (Intel enable_pml): at enable KVM clears D on 4 KiB leaves and write-protects huge
 *     ones; without PML it write-protects everything
 * @param eagerSplit KVM's eager_page_split: huge leaves are split in place when logging starts
 * @param initiallySet KVM_DIRTY_LOG_INITIALLY_SET: nothing is done at enable (the first clear protects)
 * @param disable what logging off does to the 4 KiB leaves it left behind
 */
public record DirtyLogSettings(boolean pml, boolean eagerSplit, boolean initiallySet, Disable disable) {
  /** Dirty logging off: how huge mappings come back. */
  public enum Disable {
    /** Up to Linux 6.12: zap_collapsible_sptes zaps the small leaves; faults rebuild huge ones. */
    ZAP_COLLAPSIBLE("zap-collapsible"),
    /** From Linux 6.13: the huge leaves are rebuilt in place under the read lock, nothing is unmapped. */
    RECOVER_IN_PLACE("recover-in-place");

    private final String configName;

    Disable(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    public static Optional<Disable> ofConfigName(String name) {
      return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
    }

    public static String validNames() {
      return Arrays.stream(values()).map(Disable::configName).collect(Collectors.joining(", "));
    }
  }

  public DirtyLogSettings {
    Objects.requireNonNull(disable, "disable");
  }

  /** The defaults of reference.conf: PML, eager split, not initially set, recover in place. */
  public static DirtyLogSettings defaults() {
    return new DirtyLogSettings(true, true, false, Disable.RECOVER_IN_PLACE);
  }
}
