package tdpsim.main;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the node command lands. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Start a cluster member for clustered experiments (not implemented yet).")
public final class NodeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("node: not implemented yet");
  }
}
