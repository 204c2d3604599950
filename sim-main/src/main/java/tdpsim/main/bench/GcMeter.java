package tdpsim.main.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Collection time and count summed over the JVM's collectors, read before and after a measured run. */
final class GcMeter {
  private final long startMillis;
  private final long startCount;

  private GcMeter(long millis, long count) {
    this.startMillis = millis;
    this.startCount = count;
  }

  static GcMeter start() {
    return new GcMeter(totalMillis(), totalCount());
  }

  long elapsedMillis() {
    return totalMillis() - startMillis;
  }

  long collections() {
    return totalCount() - startCount;
  }

  private static long totalMillis() {
    long t = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += Math.max(0, b.getCollectionTime());
    }
    return t;
  }

  private static long totalCount() {
    long c = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      c += Math.max(0, b.getCollectionCount());
    }
    return c;
  }
}
