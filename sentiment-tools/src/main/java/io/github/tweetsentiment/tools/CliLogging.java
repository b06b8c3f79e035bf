package io.github.tweetsentiment.tools;

import picocli.CommandLine;

/** What every command does first and last: quiet logging, picocli, exit status. */
final class CliLogging {

  private CliLogging() {}

  /**
   * Chooses the plain logging configuration (before any logger exists), parses {@code argv} into
   * {@code command} and runs it. Exit status: 0 done, 1 failed, 2 bad usage (an unknown or
   * malformed flag, or a value the command rejects with {@link IllegalArgumentException}).
   */
  static int execute(Object command, String[] argv) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "sentiment-tools-logback.xml");
    }
    return commandLine(command).execute(argv);
  }

  /** The command line the commands and their tests parse with. */
  static CommandLine commandLine(Object command) {
    return new CommandLine(command)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof IllegalArgumentException) {
                cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                return 2;
              }
              throw e;
            });
  }
}
