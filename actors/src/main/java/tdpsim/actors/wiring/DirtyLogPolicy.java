package tdpsim.actors.wiring;

/**
 * How KVM turns dirty logging of a range on and off (the {@code dirty-log} and {@code dirty-log-stop} events;
 * kvm_mmu_slot_apply_flags).
 *
 * @param pml the CPU has PML: enable clears D on 4 KiB leaves and write-protects huge ones; else write-protects
 *     every leaf
 * @param eagerSplit split huge leaves in place at enable (KVM's eager_page_split)
 * @param initiallySet KVM_DIRTY_LOG_INITIALLY_SET: enable changes nothing
 * @param recoverInPlace disable rebuilds huge leaves in place (6.13+); false: zap_collapsible_sptes (up to 6.12)
 */
public record DirtyLogPolicy(boolean pml, boolean eagerSplit, boolean initiallySet, boolean recoverInPlace) {
  /** KVM's defaults on a current Intel host: PML, eager split, not initially set, recover in place. */
  public static DirtyLogPolicy defaults() {
    return new DirtyLogPolicy(true, true, false, true);
  }
}
