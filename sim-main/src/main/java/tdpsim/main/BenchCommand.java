package tdpsim.main;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the bench command lands. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the simulator against its baselines (not implemented yet).")
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("bench: not implemented yet");
  }
}
