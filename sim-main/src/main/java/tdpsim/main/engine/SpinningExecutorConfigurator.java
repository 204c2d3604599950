package tdpsim.main.engine;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * Lets a Pekko dispatcher run on a {@link SpinningExecutor}: {@code executor = "<this class>"} with a
 * {@code spinning-executor { threads = N, spin = 50us, steal-after = 5us }} block in the dispatcher's configuration.
 */
public final class SpinningExecutorConfigurator extends ExecutorServiceConfigurator {
  private final int threads;
  private final long spinNanos;
  private final long stealAfterNanos;

  public SpinningExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    Config c = config.getConfig("spinning-executor");
    this.threads = c.getInt("threads");
    this.spinNanos = c.getDuration("spin", TimeUnit.NANOSECONDS);
    this.stealAfterNanos = c.getDuration("steal-after", TimeUnit.NANOSECONDS);
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    return () -> new SpinningExecutor(threads, spinNanos, stealAfterNanos, threadFactory);
  }
}
