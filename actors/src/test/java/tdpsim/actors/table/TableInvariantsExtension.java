package tdpsim.actors.table;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs {@link TableInvariants#check} on every table a test registered with {@link #track}, after each test,
 * so no test can leave a leaked or inconsistent table behind unnoticed.
 */
public final class TableInvariantsExtension implements AfterEachCallback {
  private static final List<SharedPageTable> TRACKED = new ArrayList<>();

  /** Registers a table for checking after the current test; returns it. */
  public static synchronized SharedPageTable track(SharedPageTable table) {
    TRACKED.add(table);
    return table;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<SharedPageTable> tables;
    synchronized (TableInvariantsExtension.class) {
      tables = new ArrayList<>(TRACKED);
      TRACKED.clear();
    }
    for (SharedPageTable t : tables) {
      TableInvariants.check(t);
    }
  }
}
