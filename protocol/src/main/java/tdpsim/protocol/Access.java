package tdpsim.protocol;

/**
 * The primitive encoding of one memory access inside an access batch: {@code gfn << 1 | write}. Workloads fill
 * {@code long[]} batches with it and vCPUs and devices replay them, so no object exists per access.
 */
public final class Access {
  private Access() {}

  public static long encode(long gfn, boolean write) {
    return (gfn << 1) | (write ? 1L : 0L);
  }

  public static long toGfn(long access) {
    return access >>> 1;
  }

  public static boolean isWrite(long access) {
    return (access & 1L) != 0;
  }
}
