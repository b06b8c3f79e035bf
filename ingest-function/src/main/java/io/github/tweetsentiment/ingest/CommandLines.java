package io.github.tweetsentiment.ingest;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What the record and cost commands share: how they run, and how they read the environment. */
final class CommandLines {

  private CommandLines() {}

  /**
   * Runs {@code command} on {@code args}, writing UTF-8 to the streams; returns the exit status.
   */
  static int execute(Object command, String[] args, PrintStream stdout, PrintStream stderr) {
    CommandLine cmd = new CommandLine(command);
    cmd.setOut(new PrintWriter(stdout, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(stderr, true, StandardCharsets.UTF_8));
    return cmd.execute(args);
  }

  /** The poll settings of {@code env}; a variable to fix is a usage error (exit 2) naming it. */
  static PollSettings pollSettings(CommandSpec spec, Map<String, String> env) {
    try {
      return PollSettings.fromEnvironment(env);
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
