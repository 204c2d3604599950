package tdpsim.main;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the sweep command lands. */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Run the cartesian product of listed values of scenario keys (not implemented yet).")
public final class SweepCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("sweep: not implemented yet");
  }
}
