package tdpsim.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders cleanly: a bare '%' in a description makes picocli print a WARN per use. */
class HelpTextTest {
  @Test
  void everyUsageMessageFormatsWithoutPicocliWarnings() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int rendered = 0;
    try {
      CommandLine root = new CommandLine(new Main());
      root.getUsageMessage();
      rendered++;
      for (CommandLine sub : root.getSubcommands().values()) {
        String usage = sub.getUsageMessage();
        assertFalse(usage.contains("%n"), sub.getCommandName() + " usage shows a raw %n");
        rendered++;
      }
    } finally {
      System.setErr(saved);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8), "picocli complained while formatting help");
    assertEquals(9, rendered, "root and its eight subcommands");
  }
}
