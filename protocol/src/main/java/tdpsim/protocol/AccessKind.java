package tdpsim.protocol;

/** What a memory access does; the values are the EPT permission bits an access needs (R=1, W=2, X=4). */
public enum AccessKind {
  READ(1),
  WRITE(2),
  EXEC(4);

  private final int mask;

  AccessKind(int mask) {
    this.mask = mask;
  }

  /** The permission bit this access needs, as in {@code Spte.ACC_*}. */
  public int mask() {
    return mask;
  }

  public static AccessKind ofMask(int mask) {
    return switch (mask) {
      case 1 -> READ;
      case 2 -> WRITE;
      case 4 -> EXEC;
      default -> throw new IllegalArgumentException("not a single access bit: " + mask);
    };
  }
}
